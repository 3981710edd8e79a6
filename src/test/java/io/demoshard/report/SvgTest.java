package io.demoshard.report;

import io.demoshard.report.Chart.Bar;
import io.demoshard.report.Chart.Kind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgTest {
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static final List<Bar> NASTY = List.of(new Bar("<other>", 12), new Bar("Tom & Jerry's \"app\"", 3),
      new Bar("zero", 0), new Bar("ctl\u0001char", 1_000_000));

  @Test
  void barsAreWellFormedSvgWithOneRectPerBarScaledToTheLargest() throws Exception {
    Chart c = new Chart("x.bars", "episodes", "A <b>title</b>", "episodes", Kind.BARS, NASTY, null);
    Document d = parse(Svg.draw(c));
    Element root = d.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals("chart-x.bars", root.getAttribute("id"));
    NodeList rects = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
    assertEquals(NASTY.size(), rects.getLength());
    List<String> texts = new ArrayList<>();
    NodeList t = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    for (int i = 0; i < t.getLength(); i++) {
      texts.add(t.item(i).getTextContent());
    }
    assertTrue(texts.contains("<other>"), texts.toString());
    assertTrue(texts.contains("Tom & Jerry's \"app\""), texts.toString());
    int widest = Integer.parseInt(((Element) rects.item(3)).getAttribute("width"));
    assertEquals(0, Integer.parseInt(((Element) rects.item(2)).getAttribute("width")), "a zero draws no bar");
    int other = Integer.parseInt(((Element) rects.item(0)).getAttribute("width"));
    assertTrue(other >= 1 && other < widest / 100, "12 of 1,000,000 is a sliver: " + other + " of " + widest);
  }

  @Test
  void histogramsAreWellFormedSvgWithAColumnPerBucket() throws Exception {
    Chart c = new Chart("x.hist", "episodes", "Steps (steps)", "episodes", Kind.HISTOGRAM,
        List.of(new Bar("1", 5), new Bar("2-9", 40), new Bar("10+", 20)), "buckets widened & merged");
    Document d = parse(Svg.draw(c));
    NodeList rects = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
    assertEquals(3, rects.getLength());
    int h1 = Integer.parseInt(((Element) rects.item(1)).getAttribute("height"));
    int h2 = Integer.parseInt(((Element) rects.item(2)).getAttribute("height"));
    assertEquals(2.0, (double) h1 / h2, 0.05, "heights proportional to the values");
  }

  @Test
  void theParserCatchesUnescapedText() {
    // the check above is only worth something if a raw '<' or '&' breaks it
    assertThrows(SAXParseException.class, () -> parse("<svg xmlns=\"http://www.w3.org/2000/svg\"><text><other></text></svg>"));
  }

  @Test
  void everyChartOfTheReportPageIsWellFormedAndNothingIsLoaded() throws Exception {
    Stats s = Stats.of(ReportSamples.demoManifest(), ReportSamples.demoCells(), 5);
    String html = ReportHtml.render(s);
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
    int n = 0;
    while (m.find()) {
      parse(m.group());
      n++;
    }
    assertEquals(s.charts().size(), n);
    assertFalse(html.contains("<script"), "no script");
    assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "the page links or loads nothing");
    assertTrue(html.contains("default-src 'none'"), "a CSP forbids every load");
  }
}
