/**
 * The as-of join of a session's events with its screenshots ({@link io.demoshard.join.ObservationJoin}).
 *
 * <p>Decisions where the contract is silent:
 * <ul>
 *   <li>A frame with exactly the event's ts counts as "at or before"; the age bound is inclusive
 *       ({@code event.ts - frame.ts <= max-frame-age}).</li>
 *   <li>Several frames with the same ts: the last one in the (sorted) list wins.</li>
 *   <li>Unsorted events are tolerated (re-seek by binary search); unsorted frames are a caller bug
 *       and throw {@link java.lang.IllegalArgumentException}.</li>
 * </ul>
 */
package io.demoshard.join;
