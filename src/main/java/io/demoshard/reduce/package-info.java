/**
 * Raw events to model actions ({@link io.demoshard.reduce.ActionReducer}), EPISODES.md "The action space".
 * Every threshold comes from {@code demoshard.reduce}.
 *
 * <h2>Accounting</h2>
 * Every input event is counted exactly once in {@link io.demoshard.reduce.Reduction#events()}:
 * {@code used} (consumed by an emitted action; the sum of {@code Action.eventCount}),
 * {@code policy.secure_input}, or {@code not_action.<reason>} with reasons {@code mouse_move},
 * {@code focus}, {@code session_start}, {@code session_end}, {@code task_marker}, {@code modifier_only},
 * {@code unsupported_key}, {@code unmatched_mouse} (mouse_up without a pending press),
 * {@code unmatched_key_up} (key_up matching no open press), {@code cancelled_typing} (a burst whose
 * text was erased completely by Backspace, with its key_ups), {@code invalid_event} (a key event
 * without key, a mouse event without x/y/button, a scroll without x/y), {@code unknown_type}
 * (unknown or null type). A key_up is counted with the press it releases (matched by the
 * lower-cased key), even when it arrives after that press's action was emitted.
 * {@link io.demoshard.reduce.Reduction#repairs()} counts repairs informationally
 * ({@code mouse.down_without_up}, {@code mouse.up_without_down}); it is not part of the identity.
 *
 * <h2>Decisions where the contract is silent</h2>
 * <ul>
 *   <li><b>Ordering.</b> At most one action is being built at a time (type burst, key run, scroll
 *       run, click group); starting another finishes it. Actions are returned ordered by their first
 *       raw event. {@code endTs} is the last defining event (mouse_up, last scroll, last key press);
 *       trailing key_ups do not extend it.</li>
 *   <li><b>Click vs drag.</b> Euclidean distance press-release {@code <= drag-threshold-px} is a
 *       click at the press position, otherwise a drag.</li>
 *   <li><b>Multi-click.</b> A left press merges into the open click group if the group has fewer than
 *       3 clicks, {@code press.ts - previous release.ts <= multi-click-interval} and the press is
 *       within {@code multi-click-distance-px} (inclusive) of the previous click's press; the release
 *       must then be a click, not a drag. Any non-neutral input in between (a key press that is not
 *       modifier-only/unsupported, a scroll, a focus change, a task or session marker, another
 *       button) ends the group. double_click/triple_click carry x, y (of the first click) and no button.
 *       A third click closes the group, so a fourth starts a new click.</li>
 *   <li><b>Unmatched mouse.</b> A press with no release before the next press of the same button,
 *       a session_start/session_end, or the end of the stream becomes a click at the press
 *       (eventCount 1, never multi-clicked). A release with no pending press is not an action
 *       ({@code not_action.unmatched_mouse}). Presses of different buttons may overlap.</li>
 *   <li><b>Scroll.</b> Merges while {@code ts - previous scroll ts <= scroll-merge-gap} and the event
 *       is within {@code scroll-merge-distance-px} of the first scroll; mouse moves do not break a
 *       run, any other action-starting input does. Missing dx/dy count as 0.</li>
 *   <li><b>Typing.</b> A character is one code point whose Unicode type is not CONTROL, SURROGATE
 *       or UNASSIGNED. The pause rule compares with the previous key press of the burst (character
 *       or Backspace): {@code gap > type-pause} starts a new burst. A burst emptied by Backspace stays
 *       open for further characters; a Backspace on an empty burst finishes it as
 *       {@code cancelled_typing} and becomes a {@code key}. A Backspace after a pause is outside
 *       the burst.</li>
 *   <li><b>Neutral key presses.</b> Modifier-only presses (Shift, Control, Alt, Meta, OS, Command,
 *       Super, Hyper, AltGraph, Fn, FnLock, Symbol, SymbolLock) and unsupported keys (CapsLock,
 *       F13+, media keys, Dead, Unidentified, ...) are not actions and end nothing: a Dead key
 *       between characters or CapsLock inside a word keeps the burst going.</li>
 *   <li><b>A modifier press belongs to the action it prefixes.</b> A Shift, Control, Alt or Meta
 *       press still held when a key that makes an action goes down (Shift before a capital,
 *       Control before the c of ctrl+c) is part of that action: its key_down is the action's
 *       first raw event (its start and its observation frame, as the recorder takes the input
 *       frame before the first key) and its key_up is used. Pressed and released alone, or held
 *       across a click, scroll or focus change, it is {@code modifier_only}.</li>
 *   <li><b>Modifier state</b> = the event's {@code modifiers} array (normalised: control→ctrl,
 *       option→alt, cmd/command/os/super/win/hyper→meta) ∪ modifiers tracked from Shift/Control/Alt/
 *       Meta key_down/key_up. When an event's array is non-empty, tracked modifiers it does not list
 *       are dropped (their key_up was lost). Tracked state is cleared at session_start/session_end.</li>
 *   <li><b>AltGraph</b> (tracked from its key_down, or {@code altgraph} in the array) makes ctrl and
 *       alt of the same event ignored (Windows reports AltGr as ctrl+alt): AltGr characters are typed.</li>
 *   <li><b>Hotkey.</b> With ctrl, alt or meta held: a printable key, a {@code key}-action key or
 *       Insert makes a hotkey; other keys stay unsupported. Extension: shift + such a non-printable
 *       key (shift+Tab, shift+ArrowLeft, shift+Backspace) is a hotkey {@code ["shift","tab"]}.
 *       Keys are lower-cased with {@code Locale.ROOT} and kept otherwise literal (space stays
 *       {@code " "}). With ctrl held, a control character U+0001..U+001A (how some recorders report
 *       ctrl+letter) is mapped back to its letter. Every key_down, auto-repeat included, is one
 *       hotkey (holding ctrl+z undoes repeatedly).</li>
 *   <li><b>Key.</b> Runs of the same key with {@code gap <= key-repeat-gap} between presses merge
 *       into one action with {@code count}; any other action-starting input ends the run.</li>
 *   <li><b>Secure input.</b> Secure key events are never looked at beyond the flag (even if a faulty
 *       recorder left a key in them), finish whatever action is being built, and count as
 *       {@code policy.secure_input}.</li>
 *   <li><b>Boundaries.</b> focus, session_start/session_end and task markers finish the action being
 *       built, so no action straddles them; session events also resolve pending presses. Unknown
 *       types are neutral.</li>
 *   <li><b>Observation and app.</b> {@code frame = observation[index of the first raw event]}
 *       ({@code -1} without observations); {@code app} is the app of the last focus event before
 *       the first raw event.</li>
 * </ul>
 */
package io.demoshard.reduce;
