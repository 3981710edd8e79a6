package io.demoshard.reduce;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.model.RawEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.demoshard.reduce.Accounting.reduce;
import static io.demoshard.reduce.Rec.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionReducerTest {

  private static List<Action> actions(Rec r) {
    return reduce(r.events()).actions();
  }

  private static List<String> types(List<Action> actions) {
    return actions.stream().map(Action::type).toList();
  }

  @Nested
  class Clicks {
    @Test
    void releaseExactlyAtDragThresholdIsClickAtThePress() {
      List<Action> a = actions(rec().mouseDown("left", 100, 100).mouseUp("left", 106, 100));
      assertEquals(1, a.size());
      Action c = a.get(0);
      assertEquals(Action.CLICK, c.type());
      assertEquals(100, c.x());
      assertEquals(100, c.y());
      assertEquals("left", c.button());
      assertEquals(2, c.eventCount());
    }

    @Test
    void releaseJustBeyondThresholdIsDrag() {
      // (6,1) is 6.08 px away: beyond 6 px (Euclidean, not Chebyshev)
      List<Action> a = actions(rec().mouseDown("left", 100, 100).move(103, 100).mouseUp("left", 106, 101));
      assertEquals(List.of(Action.DRAG), types(a));
      Action d = a.get(0);
      assertEquals(List.of(100, 100, 106, 101), List.of(d.x(), d.y(), d.x2(), d.y2()));
      assertEquals("left", d.button());
    }

    @Test
    void diagonalWithinThresholdIsClick() {
      // (4,4) is 5.66 px: a click
      assertEquals(List.of(Action.CLICK), types(actions(rec().mouseDown("left", 0, 0).mouseUp("left", 4, 4))));
    }

    @Test
    void doubleAndTripleClickThenFourthStartsNewClick() {
      Rec r = rec().click(50, 50).click(51, 50).click(52, 51).click(52, 51);
      List<Action> a = actions(r);
      assertEquals(List.of(Action.TRIPLE_CLICK, Action.CLICK), types(a));
      assertEquals(50, a.get(0).x());
      assertEquals(6, a.get(0).eventCount());
      assertEquals(52, a.get(1).x());
    }

    @Test
    void doubleClick() {
      List<Action> a = actions(rec().click(50, 50).click(50, 50));
      assertEquals(List.of(Action.DOUBLE_CLICK), types(a));
      assertEquals(List.of(50, 50), List.of(a.get(0).x(), a.get(0).y()));
    }

    @Test
    void multiClickIntervalIsDownToPreviousUpInclusive() {
      Rec ok = rec().click(10, 10);
      ok.pause(500 - 10).click(10, 10); // next down exactly 500 ms after the up
      assertEquals(List.of(Action.DOUBLE_CLICK), types(actions(ok)));
      Rec late = rec().click(10, 10);
      late.pause(501 - 10).click(10, 10);
      assertEquals(List.of(Action.CLICK, Action.CLICK), types(actions(late)));
    }

    @Test
    void multiClickDistanceIsInclusive() {
      assertEquals(List.of(Action.DOUBLE_CLICK), types(actions(rec().click(10, 10).click(14, 10))));
      assertEquals(List.of(Action.CLICK, Action.CLICK), types(actions(rec().click(10, 10).click(15, 10))));
    }

    @Test
    void rightAndMiddleClicksNeverMultiClick() {
      List<Action> a = actions(rec().click("right", 10, 10).click("right", 10, 10).click("middle", 10, 10)
          .click("middle", 10, 10));
      assertEquals(List.of(Action.CLICK, Action.CLICK, Action.CLICK, Action.CLICK), types(a));
      assertEquals(List.of("right", "right", "middle", "middle"), a.stream().map(Action::button).toList());
    }

    @Test
    void keyPressBetweenClicksPreventsDoubleClick() {
      assertEquals(List.of(Action.CLICK, Action.KEY, Action.CLICK),
          types(actions(rec().click(10, 10).press("Enter").click(10, 10))));
    }

    @Test
    void dragNeverMergesIntoMultiClick() {
      assertEquals(List.of(Action.CLICK, Action.DRAG),
          types(actions(rec().click(10, 10).mouseDown("left", 10, 10).mouseUp("left", 40, 10))));
    }
  }

  @Nested
  class UnmatchedMouse {
    @Test
    void loneUpIsNotAnAction() {
      Reduction r = reduce(rec().mouseUp("left", 5, 5).events());
      assertTrue(r.actions().isEmpty());
      assertEquals(1, r.events().get("not_action.unmatched_mouse"));
    }

    @Test
    void downWithoutUpBeforeNextDownIsClickAtPress() {
      Reduction r = reduce(rec().mouseDown("left", 5, 5).mouseDown("left", 300, 300).mouseUp("left", 300, 300)
          .events());
      assertEquals(List.of(Action.CLICK, Action.CLICK), types(r.actions()));
      assertEquals(5, r.actions().get(0).x());
      assertEquals(1, r.actions().get(0).eventCount());
      assertEquals(1, r.repairs().get("mouse.down_without_up"));
    }

    @Test
    void downAtStreamEndOrSessionEndIsClick() {
      Reduction r = reduce(rec().mouseDown("right", 5, 5).sessionEnd().mouseUp("right", 5, 5)
          .mouseDown("left", 7, 7).events());
      assertEquals(List.of(Action.CLICK, Action.CLICK), types(r.actions()));
      assertEquals("right", r.actions().get(0).button());
      assertEquals(1, r.events().get("not_action.unmatched_mouse"));
    }

    @Test
    void mouseEventWithoutCoordinatesIsInvalidNotFatal() {
      Rec r = rec().add("mouse_down", null, List.of(), false, false, null, null, "left", null, null, null, null, null)
          .add("scroll", null, List.of(), false, false, 1, null, null, 0, 5, null, null, null);
      Reduction red = reduce(r.events());
      assertTrue(red.actions().isEmpty());
      assertEquals(2, red.events().get("not_action.invalid_event"));
    }
  }

  @Nested
  class Scrolls {
    @Test
    void consecutiveScrollsMergeWithSums() {
      List<Action> a = actions(rec().step(200).scroll(100, 100, 0, 120).scroll(102, 101, 0, 120).scroll(104, 99, 5, -40));
      assertEquals(1, a.size());
      Action s = a.get(0);
      assertEquals(Action.SCROLL, s.type());
      assertEquals(List.of(100, 100, 5, 200), List.of(s.x(), s.y(), s.dx(), s.dy()));
      assertEquals(3, s.eventCount());
    }

    @Test
    void gapAtLimitMergesAndBeyondSplits() {
      assertEquals(1, actions(rec().step(1000).scroll(0, 0, 0, 1).scroll(0, 0, 0, 1)).size());
      assertEquals(2, actions(rec().step(1001).scroll(0, 0, 0, 1).scroll(0, 0, 0, 1)).size());
    }

    @Test
    void distanceIsMeasuredFromTheFirstScroll() {
      // 10 px steps: 0, 10, 20 merge (<= 24 px from the first); 30 starts a new scroll
      List<Action> a = actions(rec().scroll(0, 0, 0, 1).scroll(10, 0, 0, 1).scroll(20, 0, 0, 1).scroll(30, 0, 0, 1));
      assertEquals(2, a.size());
      assertEquals(3, a.get(0).dy());
      assertEquals(30, a.get(1).x());
    }

    @Test
    void otherInputBetweenScrollsSplits() {
      assertEquals(List.of(Action.SCROLL, Action.KEY, Action.SCROLL),
          types(actions(rec().scroll(0, 0, 0, 1).press("PageDown").scroll(0, 0, 0, 1))));
    }

    @Test
    void mouseMoveDoesNotSplitScroll() {
      assertEquals(List.of(Action.SCROLL), types(actions(rec().scroll(0, 0, 0, 1).move(3, 3).scroll(2, 2, 0, 1))));
    }
  }

  @Nested
  class Typing {
    @Test
    void shiftCapitalsAreTyping() {
      Rec rec = rec().type("Hello World!");
      Reduction r = reduce(rec.events());
      assertEquals(1, r.actions().size());
      assertEquals("Hello World!", r.actions().get(0).text());
      assertEquals(Action.TYPE, r.actions().get(0).type());
      // The Shift presses belong to the typing; the first raw event is the Shift before the H.
      assertEquals(0, r.events().get("not_action.modifier_only"));
      assertEquals(rec.events().size(), r.actions().get(0).eventCount());
      assertEquals(rec.events().get(0).eventId(), r.actions().get(0).firstEventId());
      assertEquals("Shift", rec.events().get(0).key());
    }

    @Test
    void aModifierPressedAloneOrAcrossAClickPrefixesNothing() {
      Rec rec = rec().press("Shift", "shift").pause(300).keyDown("Shift", "shift").click(10, 10).pause(600)
          .press("a", "shift").keyUp("Shift");
      Reduction r = reduce(rec.events());
      assertEquals(List.of(Action.CLICK, Action.TYPE), r.actions().stream().map(Action::type).toList());
      assertEquals(4, r.events().get("not_action.modifier_only"), "both Shift downs and ups");
      assertEquals("a", r.actions().get(1).text(), "the key as the recorder reported it");
      Action typed = r.actions().get(1);
      RawEvent firstOfTyped = rec.events().stream().filter(e -> e.eventId().equals(typed.firstEventId()))
          .findFirst().orElseThrow();
      assertEquals("a", firstOfTyped.key());
    }

    @Test
    void backspaceEditsTheBurst() {
      Rec rec = rec().type("helo").press("Backspace").type("lo");
      Reduction r = reduce(rec.events());
      assertEquals(1, r.actions().size());
      assertEquals("hello", r.actions().get(0).text());
      assertEquals(rec.events().size(), r.actions().get(0).eventCount(), "all key downs and ups used");
    }

    @Test
    void backspaceDeletesOneCodePoint() {
      assertEquals("a\uD83D\uDE00", actions(rec().type("a\uD83D\uDE00\uD83D\uDE00").press("Backspace")).get(0).text());
    }

    @Test
    void backspaceOutsideBurstIsKey() {
      List<Action> a = actions(rec().click(1, 1).press("Backspace"));
      assertEquals(List.of(Action.CLICK, Action.KEY), types(a));
      assertEquals(List.of("Backspace"), a.get(1).keys());
      assertEquals(1, a.get(1).count());
    }

    @Test
    void burstEmptiedByBackspaceIsCancelledAndNextBackspaceIsKey() {
      Reduction r = reduce(rec().type("a").press("Backspace").press("Backspace").press("Backspace").events());
      assertEquals(List.of(Action.KEY), types(r.actions()));
      assertEquals(2, r.actions().get(0).count());
      assertEquals(4, r.events().get("not_action.cancelled_typing"), "a and the first Backspace, downs and ups");
    }

    @Test
    void charactersAfterEmptyingContinueTheBurst() {
      assertEquals("b", actions(rec().type("a").press("Backspace").type("b")).get(0).text());
    }

    @Test
    void pauseLongerThanTypePauseEndsBurst() {
      Rec exact = rec().step(0).keyDown("a").pause(1500).keyDown("b");
      assertEquals(List.of("ab"), actions(exact).stream().map(Action::text).toList());
      Rec longer = rec().step(0).keyDown("a").pause(1501).keyDown("b");
      assertEquals(List.of("a", "b"), actions(longer).stream().map(Action::text).toList());
    }

    @Test
    void clickEndsBurstButMoveDoesNot() {
      List<Action> a = actions(rec().type("ab").move(5, 5).type("c").click(5, 5).type("d"));
      assertEquals(List.of(Action.TYPE, Action.CLICK, Action.TYPE), types(a));
      assertEquals("abc", a.get(0).text());
      assertEquals("d", a.get(2).text());
    }

    @Test
    void enterEndsBurst() {
      List<Action> a = actions(rec().type("ls").press("Enter"));
      assertEquals(List.of(Action.TYPE, Action.KEY), types(a));
      assertEquals("ls", a.get(0).text());
      assertEquals(List.of("Enter"), a.get(1).keys());
    }

    @Test
    void focusChangeEndsBurstAndSetsApp() {
      List<Action> a = actions(rec().focus("Code").type("ab").focus("Terminal").type("cd"));
      assertEquals(List.of("ab", "cd"), a.stream().map(Action::text).toList());
      assertEquals(List.of("Code", "Terminal"), a.stream().map(Action::app).toList());
    }

    @Test
    void scrollAndHotkeyEndBurst() {
      assertEquals(List.of(Action.TYPE, Action.SCROLL, Action.TYPE, Action.HOTKEY, Action.TYPE),
          types(actions(rec().type("a").scroll(0, 0, 0, 1).type("b").press("s", "ctrl").type("c"))));
    }

    @Test
    void autoRepeatOfCharacterTypesAgain() {
      Rec r = rec().keyDown("z").repeat("z").repeat("z").keyUp("z");
      Reduction red = reduce(r.events());
      assertEquals("zzz", red.actions().get(0).text());
      assertEquals(4, red.actions().get(0).eventCount());
    }

    @Test
    void spaceAndUnicodeArePrintable() {
      assertEquals("é ü", actions(rec().type("é ü")).get(0).text());
    }

    @Test
    void altGraphTypesCharactersNotHotkeys() {
      // Windows reports AltGr as ctrl+alt in the modifiers array
      List<Action> a = actions(rec().keyDown("AltGraph").press("@", "ctrl", "alt").keyUp("AltGraph"));
      assertEquals(List.of(Action.TYPE), types(a));
      assertEquals("@", a.get(0).text());
    }

    @Test
    void unsupportedKeysAreCountedAndDoNotEndBurst() {
      Reduction r = reduce(rec().type("a").press("CapsLock").press("F13").press("Dead").press("Unidentified")
          .press("AudioVolumeUp").type("B").events());
      assertEquals(List.of("aB"), r.actions().stream().map(Action::text).toList());
      assertEquals(10, r.events().get("not_action.unsupported_key"));
    }
  }

  @Nested
  class Keys {
    @Test
    void autoRepeatCountsPresses() {
      List<Action> a = actions(rec().keyDown("ArrowDown").repeat("ArrowDown").repeat("ArrowDown").keyUp("ArrowDown"));
      assertEquals(1, a.size());
      assertEquals(List.of("ArrowDown"), a.get(0).keys());
      assertEquals(3, a.get(0).count());
      assertEquals(4, a.get(0).eventCount());
    }

    @Test
    void separatePressesWithinGapMergeBeyondSplit() {
      Rec within = rec().step(0).press("Tab").pause(1000).press("Tab");
      assertEquals(List.of(2), actions(within).stream().map(Action::count).toList());
      Rec beyond = rec().step(0).press("Tab").pause(1001).press("Tab");
      assertEquals(List.of(1, 1), actions(beyond).stream().map(Action::count).toList());
    }

    @Test
    void differentKeysAreSeparateActions() {
      List<Action> a = actions(rec().press("ArrowDown").press("ArrowUp").press("ArrowDown"));
      assertEquals(3, a.size());
      assertEquals(List.of(List.of("ArrowDown"), List.of("ArrowUp"), List.of("ArrowDown")),
          a.stream().map(Action::keys).toList());
    }

    @Test
    void everyListedKeyIsAKeyAction() {
      for (String k : List.of("Enter", "Tab", "Escape", "Delete", "Home", "End", "PageUp", "PageDown", "ArrowLeft",
          "ArrowRight", "F1", "F12")) {
        List<Action> a = actions(rec().press(k));
        assertEquals(List.of(Action.KEY), types(a), k);
        assertEquals(List.of(k), a.get(0).keys());
      }
    }
  }

  @Nested
  class Hotkeys {
    private List<String> keysOf(Rec r) {
      List<Action> a = actions(r);
      assertEquals(List.of(Action.HOTKEY), types(a));
      return a.get(0).keys();
    }

    @Test
    void ctrlC() {
      assertEquals(List.of("ctrl", "c"), keysOf(rec().keyDown("Control", "ctrl").press("c", "ctrl").keyUp("Control")));
    }

    @Test
    void theControlPressIsTheHotkeysFirstRawEventAndItsObservation() {
      Rec rec = rec().keyDown("Control", "ctrl").pause(80).press("s", "ctrl").keyUp("Control");
      int[] obs = new int[rec.events().size()];
      for (int k = 0; k < obs.length; k++) {
        obs[k] = k; // frame k observes event k: the action must take the frame of its first event
      }
      Reduction r = new ActionReducer(Rec.DEFAULTS).reduce(rec.events(), obs);
      Action a = r.actions().get(0);
      assertEquals(rec.events().get(0).eventId(), a.firstEventId());
      assertEquals(rec.events().get(0).ts(), a.startTs());
      assertEquals(0, a.frame());
      assertEquals(4, a.eventCount());
      assertEquals(0, r.events().get("not_action.modifier_only"));
    }

    @Test
    void ctrlShiftTIsLowerCaseInCanonicalOrder() {
      assertEquals(List.of("ctrl", "shift", "t"), keysOf(rec().press("T", "shift", "ctrl")));
    }

    @Test
    void metaS() {
      assertEquals(List.of("meta", "s"), keysOf(rec().press("s", "meta")));
    }

    @Test
    void allModifiersInOrder() {
      assertEquals(List.of("ctrl", "alt", "shift", "meta", "x"), keysOf(rec().press("X", "meta", "shift", "alt", "ctrl")));
    }

    @Test
    void modifierNamesAreNormalised() {
      assertEquals(List.of("ctrl", "meta", "z"), keysOf(rec().press("z", "Control", "Command")));
    }

    @Test
    void shiftWithNonPrintableKeyIsHotkey() {
      assertEquals(List.of("shift", "tab"), keysOf(rec().press("Tab", "shift")));
      assertEquals(List.of("shift", "arrowleft"), keysOf(rec().press("ArrowLeft", "shift")));
    }

    @Test
    void ctrlWithControlCharacterIsTheLetter() {
      assertEquals(List.of("ctrl", "c"), keysOf(rec().press("\u0003", "ctrl")));
    }

    @Test
    void modifierOnlyPressesProduceNothing() {
      Reduction r = reduce(rec().press("Shift").press("Control").press("Alt").press("Meta").keyDown("Meta")
          .keyDown("Meta").keyUp("Meta").events());
      assertTrue(r.actions().isEmpty());
      assertEquals(11, r.events().get("not_action.modifier_only"));
    }

    @Test
    void modifiersTrackedFromKeyDownWhenArrayIsEmpty() {
      List<Action> a = actions(rec().keyDown("Control").press("c").press("v").keyUp("Control").press("c")
          .keyDown("Meta").keyDown("Shift").press("z").keyUp("Shift").keyUp("Meta"));
      assertEquals(List.of(Action.HOTKEY, Action.HOTKEY, Action.TYPE, Action.HOTKEY), types(a));
      assertEquals(List.of("ctrl", "c"), a.get(0).keys());
      assertEquals(List.of("ctrl", "v"), a.get(1).keys());
      assertEquals("c", a.get(2).text());
      assertEquals(List.of("shift", "meta", "z"), a.get(3).keys());
    }

    @Test
    void staleTrackedModifierIsClearedByFilledArray() {
      // Control key_up lost; the recorder fills modifiers, and a later event lists only shift
      List<Action> a = actions(rec().keyDown("Control", "ctrl").press("A", "shift"));
      assertEquals(List.of(Action.TYPE), types(a));
      assertEquals("A", a.get(0).text());
    }

    @Test
    void autoRepeatedHotkeyIsOneHotkeyPerPress() {
      List<Action> a = actions(rec().keyDown("z", "ctrl").repeat("z", "ctrl").keyUp("z", "ctrl"));
      assertEquals(List.of(Action.HOTKEY, Action.HOTKEY), types(a));
      assertEquals(3, a.stream().mapToInt(Action::eventCount).sum());
    }
  }

  @Nested
  class SecureInput {
    @Test
    void secureKeysEndBurstsAndNeverAppear() {
      Reduction r = reduce(rec().type("user").secureKey().secureKey().secureKey().type("ok").events());
      assertEquals(List.of("user", "ok"), r.actions().stream().map(Action::text).toList());
      assertEquals(6, r.events().get(ActionReducer.SECURE));
    }

    @Test
    void secureKeyTextIsNeverKeptEvenIfRecorderLeaksIt() {
      Rec rec = rec().type("x")
          .add("key_down", "p", List.of(), true, false, null, null, null, null, null, null, null, null)
          .add("key_down", "Enter", List.of(), true, false, null, null, null, null, null, null, null, null)
          .add("key_up", "p", List.of(), true, false, null, null, null, null, null, null, null, null);
      Reduction r = reduce(rec.events());
      assertEquals(List.of(Action.TYPE), types(r.actions()));
      assertEquals("x", r.actions().get(0).text());
      for (Action a : r.actions()) {
        assertFalse(a.text() != null && a.text().contains("p"), a::toString);
        assertNull(a.keys(), a::toString);
      }
      assertEquals(3, r.events().get(ActionReducer.SECURE));
    }
  }

  @Nested
  class NonActions {
    @Test
    void nonActionTypesAreCountedByType() {
      Reduction r = reduce(rec().sessionStart().focus("Code").move(1, 1).move(2, 2).taskStart("t1", "l")
          .taskEnd("t1").other("clipboard").other("gaze").sessionEnd().events());
      assertTrue(r.actions().isEmpty());
      assertEquals(1, r.events().get("not_action.session_start"));
      assertEquals(1, r.events().get("not_action.session_end"));
      assertEquals(1, r.events().get("not_action.focus"));
      assertEquals(2, r.events().get("not_action.mouse_move"));
      assertEquals(2, r.events().get("not_action.task_marker"));
      assertEquals(2, r.events().get("not_action.unknown_type"));
    }

    @Test
    void unknownTypesDoNotEndBursts() {
      assertEquals(List.of("abc"), actions(rec().type("ab").other("clipboard").type("c")).stream()
          .map(Action::text).toList());
    }

    @Test
    void taskMarkerEndsBurst() {
      assertEquals(List.of("ab", "c"), actions(rec().type("ab").taskStart("t", null).type("c")).stream()
          .map(Action::text).toList());
    }

    @Test
    void unmatchedKeyUpIsCounted() {
      Reduction r = reduce(rec().keyUp("q").events());
      assertEquals(1, r.events().get("not_action.unmatched_key_up"));
    }

    @Test
    void keyUpAfterActionWasClosedStillCountsAsUsed() {
      // 'a' is released after Enter ended the burst
      Reduction r = reduce(rec().keyDown("a").keyDown("Enter").keyUp("a").keyUp("Enter").events());
      assertEquals(List.of(2, 2), r.actions().stream().map(Action::eventCount).toList());
      assertEquals(4, r.events().get(ActionReducer.USED));
    }
  }

  @Nested
  class Contract {
    @Test
    void testDefaultsMatchConfiguredDefaults() {
      assertEquals(DemoshardConfig.defaults().reduce(), Rec.DEFAULTS);
    }

    @Test
    void frameIsObservationOfFirstRawEventAndAppIsFocusAtIt() {
      Rec rec = rec().focus("Code").type("ab").click(3, 3);
      List<RawEvent> ev = rec.events();
      int[] obs = new int[ev.size()];
      for (int i = 0; i < obs.length; i++) {
        obs[i] = 100 + i;
      }
      List<Action> a = reduce(ev, obs).actions();
      assertEquals(List.of(101, 105), a.stream().map(Action::frame).toList());
      assertEquals(List.of("e2", "e6"), a.stream().map(Action::firstEventId).toList());
      assertEquals("Code", a.get(1).app());
      assertEquals(-1, reduce(ev).actions().get(0).frame());
    }

    @Test
    void observationOfWrongLengthIsRejected() {
      assertThrows(IllegalArgumentException.class,
          () -> new ActionReducer(Rec.DEFAULTS).reduce(rec().click(1, 1).events(), new int[1]));
    }

    @Test
    void emptyInput() {
      Reduction r = reduce(List.of());
      assertTrue(r.actions().isEmpty());
      assertNull(r.events().asMap().get(ActionReducer.USED));
    }
  }
}
