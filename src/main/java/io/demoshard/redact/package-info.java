/**
 * Screenshot redaction: solid opaque boxes over personal data in every published frame.
 *
 * <p>Flow per session ({@link io.demoshard.redact.FrameRedactor}): decode once
 * ({@link io.demoshard.image.Codec}), OCR ({@link io.demoshard.image.Ocr}, Tesseract LSTM at 2x,
 * dark panels inverted first; identical frames once, consecutive frames only where pixels changed),
 * lines rebuilt from word boxes ({@link io.demoshard.redact.TextLine}), matched
 * ({@link io.demoshard.redact.PiiFinder}): the text detectors on OCR-tolerant variants of each line,
 * known values fuzzily ({@link io.demoshard.redact.KnownValueIndex}: the session's typed values,
 * prefixes included, and the people directory), directory names part by part and strangers with a
 * common given name ({@link io.demoshard.redact.NameParts}), machine identity
 * ({@link io.demoshard.redact.MachineIdentity}); painted ({@link io.demoshard.image.Painter}) and
 * encoded once. A frame that cannot be read or OCR'd fails closed (dropped or fully masked).
 *
 * <p>Not redacted: anything OCR cannot read (faces, photos and pictures of text, handwriting,
 * very small or low-contrast text, text rotated or on busy backgrounds), names with no part in the
 * people directory, no common given name and no address on the frame, and free-text personal details no detector knows
 * (addresses, dates of birth written out).
 */
package io.demoshard.redact;
