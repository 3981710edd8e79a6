package io.demoshard.redact;

import io.demoshard.config.DemoshardConfig;
import io.demoshard.image.Ocr;
import io.demoshard.image.OcrWord;

/** Prints the OCR words and rebuilt lines of the test screen (a debugging aid). */
public final class OcrDump {
  private OcrDump() {}

  public static void main(String[] args) throws Exception {
    Screen s = FrameRedactorTest.screen(args.length > 0 ? args[0] : "Hi, write to lena.k");
    try (Ocr ocr = new Ocr(DemoshardConfig.defaults().redact())) {
      long t = System.nanoTime();
      var words = ocr.words(s.img, null);
      System.out.println("ms " + (System.nanoTime() - t) / 1_000_000);
      for (OcrWord w : words) {
        System.out.println(w);
      }
      for (TextLine l : TextLine.build(words)) {
        System.out.println("LINE " + l.text());
      }
    }
  }
}
