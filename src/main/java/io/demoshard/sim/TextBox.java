package io.demoshard.sim;

/**
 * One run of text drawn on a frame, truth for screenshot redaction: the tight pixel bounds of its
 * glyphs (clipped to what is visible), the text, and whether it is personal data.
 *
 * @param kind the personal-data kind (email, phone, card, iban, ssn, person, login, user_id,
 *             hostname, path, secret) or {@code control} for ordinary text redaction must keep
 */
record TextBox(int x, int y, int w, int h, String text, boolean pii, String kind) {
  Json json() {
    return Json.obj().put("x", x).put("y", y).put("w", w).put("h", h).put("text", text).put("pii", pii).put("kind", kind);
  }
}
