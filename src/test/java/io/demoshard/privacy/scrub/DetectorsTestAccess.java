package io.demoshard.privacy.scrub;

import java.util.List;

/** The test regions, for tests outside this package. */
public final class DetectorsTestAccess {
  public static final List<String> REGIONS = DetectorsTest.REGIONS;

  private DetectorsTestAccess() {}
}
