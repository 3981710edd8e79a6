package io.demoshard.redact;

import java.io.Serializable;

/**
 * A value known to be personal that may show up on screen: typed by the user in the same session
 * and scrubbed from the text channel (kind {@code email}, {@code phone}, ...), or from the people
 * directory ({@code name}, {@code email}, {@code login}, {@code user_id}), or a device id
 * ({@code device}). Matched fuzzily by {@link KnownValueIndex}; a {@code name} also matches its
 * reversed, dotted and initial forms.
 */
public record KnownValue(String kind, String value) implements Serializable {
  public static final String NAME = "name";
  /** The people directory's kind for names ({@code People.terms()}): matched in the same name forms. */
  public static final String PERSON = "person";
}
