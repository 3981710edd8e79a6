package io.demoshard;

/** The project version, one constant for {@code -V} and the manifests' {@code created_by.version}. */
public final class BuildInfo {
  /** Same as the POM's version without {@code -SNAPSHOT} (BuildInfoTest checks they agree). */
  public static final String VERSION = "0.1.0";

  private BuildInfo() {}
}
