/**
 * Ingest: raw recorder uploads (RAW_FORMAT.md) to validated, deduplicated rows, with every
 * rejected line kept in quarantine with a reason and every line counted.
 *
 * <pre>
 * RAW/events/dt=D/**  --RawLineReader--> lines --EventParser--> EventIngest  --> Schemas.EVENT
 * RAW/frames/dt=D/**  --RawLineReader--> lines --FrameIndexParser--> FrameIngest --> Schemas.FRAME_INDEX
 *                                                                   ImageCheck  --> Schemas.FRAME
 * RAW/consent/*.csv   --ConsentReader-->  Schemas.CONSENT
 * RAW/erasure/*.csv   --ErasureReader-->  Schemas.ERASURE
 * every stage's quarantine (Schemas.QUARANTINE) --QuarantineWriter--> OUT/_quarantine/D/kind=...
 * </pre>
 *
 * <p>The driver lists names only; every file is opened on an executor through the Hadoop
 * FileSystem API. Each stage returns a {@link io.demoshard.ingest.Result} (valid rows,
 * quarantine rows, exact {@link io.demoshard.model.Counts} computed by aggregations) and
 * obeys an identity on them: {@code events.lines = events.valid + events.duplicate +
 * sum(events.quarantined.*)} (same for {@code frames}), {@code images.checked = images.valid
 * + sum(images.quarantined.*)}, {@code consent.rows = consent.valid +
 * consent.quarantined.bad_csv_row} (same for {@code erasure}; their {@code valid} datasets also
 * carry the rows that are quarantined but still name a user, so that consent and erasure fail
 * closed: see {@link io.demoshard.ingest.ConsentReader}). Reason codes: {@link
 * io.demoshard.ingest.Reasons}. Secure key text is dropped at parse time and quarantine
 * {@code raw} text is redacted ({@link io.demoshard.ingest.Redactor}).
 */
package io.demoshard.ingest;
