package io.demoshard.privacy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UserIdsTest {
  @Test
  void oneCanonicalFormPerPerson() {
    assertEquals("u004213", UserIds.canonical("u004213"));
    assertEquals("u004213", UserIds.canonical("U004213"));
    assertEquals("u004213", UserIds.canonical("u004213\u00A0"));
    assertEquals("u004213", UserIds.canonical(" \t\u2003u004213\u3000\n"));
    assertEquals("u004213", UserIds.canonical("\uFEFFu00\u200B4213\u200D"));
    assertEquals("u004213", UserIds.canonical("\uFF35\uFF10\uFF10\uFF14\uFF12\uFF11\uFF13"));  // full-width
    assertEquals("u00 4213", UserIds.canonical("u00 4213"), "inner spaces are data");
    assertNull(UserIds.canonical(null));
    assertNull(UserIds.canonical(" \u200B\u00A0"));
  }

  @Test
  void regions() {
    assertEquals("GB", Regions.canonical(" uk "));
    assertEquals("GR", Regions.canonical("el"));
    assertEquals("RE", Regions.canonical("re"));
    assertNull(Regions.canonical("USA"));
    assertNull(Regions.canonical("U1"));
    assertNull(Regions.canonical(""));
    assertNull(Regions.canonical(null));
  }
}
