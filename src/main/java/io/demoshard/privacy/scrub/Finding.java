package io.demoshard.privacy.scrub;

import java.io.Serializable;

/** What {@link TextScrubber#scan} reports: the kind and where, never the matched value. */
public record Finding(String kind, int offset, int length) implements Serializable {}
