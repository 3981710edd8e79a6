package io.demoshard.image;

import java.io.Serializable;

/** One word found by OCR, its box in ORIGINAL image pixels, and Tesseract's confidence (0-100). */
public record OcrWord(String text, int x, int y, int w, int h, float conf) implements Serializable {
  public int right() {
    return x + w;
  }

  public int bottom() {
    return y + h;
  }

  public double centerY() {
    return y + h / 2.0;
  }
}
