package io.demoshard.redact;

/** One frame of a session as recorded: its encoded bytes and its format ({@code png}, {@code jpeg}, {@code webp}). */
public record FrameInput(byte[] bytes, String format) {}
