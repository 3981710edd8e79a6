package io.demoshard.ingest;

/** Machine-readable quarantine reason codes of the ingest stages. */
public final class Reasons {
  private Reasons() {}

  // one raw line
  public static final String BAD_JSON = "bad_json";
  public static final String NOT_OBJECT = "not_object";
  public static final String MISSING_FIELD = "missing_field";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String BAD_VALUE = "bad_value";
  public static final String UNSUPPORTED_VERSION = "unsupported_version";
  // clocks
  public static final String CLOCK = "clock";
  public static final String CLOCK_DEVICE = "clock_device";
  // duplicates
  public static final String DUPLICATE_CONFLICT = "duplicate_conflict";
  // files
  public static final String TRUNCATED_GZIP = "truncated_gzip";
  public static final String UNREADABLE_FILE = "unreadable_file";
  // images
  public static final String MISSING_IMAGE = "missing_image";
  public static final String UNDECODABLE_IMAGE = "undecodable_image";
  // registries
  public static final String BAD_CSV_ROW = "bad_csv_row";
}
