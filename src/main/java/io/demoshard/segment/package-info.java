/**
 * Actions to episode drafts ({@link io.demoshard.segment.Segmenter}); thresholds from
 * {@code demoshard.segment}.
 *
 * <p>Boundaries are found on the raw events and every action belongs to the segment of its first
 * raw event (located by event id). Decisions where the contract is silent:
 * <ul>
 *   <li><b>Markers.</b> task_start opens a task segment (taskId, taskLabel = label), ending the
 *       previous segment with boundary {@code task_start}. task_end ends the open task (boundary
 *       {@code task_end}) whatever its task_id; a task_end with no open task is ignored. An unclosed
 *       task runs to the next task_start or the session end; a session_end event also ends it
 *       (the session is over). Inside a task only the caps apply: idle gaps, app switches and a
 *       stray session_start do not cut.</li>
 *   <li><b>Session.</b> Outside tasks session_start cuts before itself ({@code session_start}) and
 *       session_end after itself ({@code session_end}); the last segment ends with
 *       {@code session_end}, whether or not the event exists.</li>
 *   <li><b>Idle.</b> Raw input = key_down, key_up (secure ones included), mouse_move, mouse_down,
 *       mouse_up, scroll. A gap {@code > idle-gap} between consecutive input events cuts before the
 *       later one ({@code idle}); focus and other events do not count as input.</li>
 *   <li><b>App switch.</b> The first focus event with an app sets the baseline app. A focus event on
 *       a different app whose focus lasts {@code > app-switch-min} (until the next focus event on
 *       yet another app, else the session's last event) cuts before it ({@code app_switch}) and
 *       becomes the baseline; brief switches change nothing (A→B briefly→A is one episode). Focus
 *       events without app are ignored. The baseline survives other boundaries.</li>
 *   <li><b>Caps.</b> A segment with more than {@code max-steps} actions, or whose span (first
 *       startTs to largest endTs) exceeds {@code max-duration}, is split before the action with
 *       the largest gap {@code startTs - previous endTs}; equal gaps: the one nearest the middle,
 *       then the earlier. Repeated until every part fits; a single action longer than max-duration
 *       stays as it is. The left part of a split ends with boundary {@code cap}, the right part
 *       keeps the segment's boundary.</li>
 *   <li><b>Short.</b> Parts with fewer than {@code min-steps} actions go to {@code droppedShort};
 *       segments without any action are neither episodes nor dropped.</li>
 *   <li><b>Apps.</b> {@code apps} = non-null action apps in order of first use; {@code app} = the
 *       one with most actions, tie: the first used; null when no action has an app.</li>
 * </ul>
 */
package io.demoshard.segment;
