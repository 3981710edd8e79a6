package io.demoshard.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.demoshard.model.Schemas;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;

/**
 * The version's {@code README.md} in Hugging Face dataset-card style. Its text depends only on
 * the manifest's deterministic parts (no run id, no timestamp), so a rebuild gives the same card.
 */
final class DatasetCard {
  private DatasetCard() {}

  static String render(String day, JsonNode m) {
    StringBuilder b = new StringBuilder();
    b.append("---\n");
    b.append("pretty_name: demoshard computer-use episodes ").append(day).append('\n');
    b.append("license: other\n");
    b.append("task_categories:\n- image-text-to-text\n");
    b.append("tags:\n- computer-use\n- gui-agents\n- desktop-recordings\n");
    // Only splits with rows: `datasets` refuses a split whose files match nothing ("corresponds to no data").
    java.util.List<String> present = presentSplits(m);
    if (!present.isEmpty()) {
      b.append("configs:\n- config_name: default\n  data_files:\n");
      for (String s : present) {
        b.append("  - split: ").append(s).append("\n    path: ").append(s).append("/part-*.parquet\n");
      }
    }
    b.append("---\n\n");

    b.append("# demoshard episodes, ").append(day).append("\n\n");
    b.append("Computer-use demonstrations recorded on employees' desktops (with consent) and reduced to the ")
        .append("actions a computer-use model emits. One row is one **episode**: one task, a contiguous run of ")
        .append("steps (actions) of one recorder session, with the screenshots observed along the way. ")
        .append("Rows carry no user id, pseudonym, device id, session id or absolute timestamp; nothing in ")
        .append("the shards links two episodes to the same person.\n\n");

    b.append("## Schema (schema_version ").append(Schemas.SCHEMA_VERSION).append(")\n\n");
    b.append("| column | type |\n|---|---|\n");
    for (StructField f : Schemas.SHARD.fields()) {
      b.append("| `").append(f.name()).append("` | `").append(typeName(f.dataType())).append('`')
          .append(f.nullable() ? ", nullable" : "").append(" |\n");
    }
    b.append("\n`frames[].image` is a Hugging Face `Image` (`bytes` = the encoded screenshot, text-redacted ")
        .append("(see Privacy), with all metadata removed; ")
        .append("`path` = the synthetic name `<episode_id>/<idx>.<format>`). `steps[].frame` indexes `frames` ")
        .append("(the newest frame at or before the action), or is null. Coordinates `x`, `y`, `x2`, `y2` are ")
        .append("pixels on a `screen_w` x `screen_h` screen; `nx`...`ny2` are the same normalised to [0, 1]. ")
        .append("The Parquet footers carry the `datasets` features (`huggingface` key).\n\n");

    b.append("## Splits\n\n| split | episodes | shards | bytes |\n|---|---|---|---|\n");
    JsonNode splits = m.get("splits");
    for (String s : Splits.ALL) {
      JsonNode so = splits.get(s);
      b.append("| ").append(s).append(" | ").append(so.get("rows").asLong()).append(" | ")
          .append(so.get("shards").asLong()).append(" | ").append(so.get("bytes").asLong()).append(" |\n");
    }
    JsonNode r = m.get("split_ratios");
    b.append("\nUsers are assigned to splits by a hash of their pseudonym (ratios train ")
        .append(r.get("train").asDouble()).append(", val ").append(r.get("val").asDouble()).append(", test ")
        .append(r.get("test").asDouble()).append("), so all episodes of one person are in one split. ")
        .append("Shards hold episodes in `episode_id` order, packed to about ")
        .append(m.get("writer_settings").get("target_shard_bytes").asLong()).append(" bytes each. ")
        .append("`manifest.json` lists every shard with its rows, bytes and SHA-256; read the files it lists. ")
        .append("`report.html` and `stats.json` beside it show the night's funnel and distributions, aggregates ")
        .append("only (no figure per person; cells from episodes stand for at least privacy.k-anonymity users).\n\n");

    b.append("## How it was built\n\n");
    b.append("The nightly demoshard job ingests the recorder's raw events and screenshots, drops users without ")
        .append("consent, users in excluded regions and erased users, reduces input events to actions, joins ")
        .append("each action to its observation frame, segments sessions into episodes, scrubs personal data, ")
        .append("deduplicates frames and near-duplicate episodes, and publishes. Stage counts of this build:\n\n");
    b.append("| counter | value |\n|---|---|\n");
    JsonNode counts = m.get("counts");
    for (Iterator<String> it = counts.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      b.append("| `").append(k).append("` | ").append(counts.get(k).asText()).append(" |\n");
    }
    if (counts.isEmpty()) {
      b.append("| (none reported) | |\n");
    }
    b.append("\nConfiguration digest: `").append(m.get("config_digest").asText()).append("` (the redacted ")
        .append("configuration is in `manifest.json`).\n\n");

    b.append("## Privacy\n\n");
    b.append("Only users with granted consent outside excluded regions are included; erasure requests remove a ")
        .append("user's episodes from every later version. Keys typed in secure fields are never kept. Typed ")
        .append("text, task labels and application names are scrubbed of e-mail addresses, phone numbers, card ")
        .append("numbers and high-entropy secrets; rare application names are generalised; denylisted ")
        .append("applications and windows are dropped with their frames.\n\n")
        .append("Screenshots are text-redacted: every published frame was OCR'd and solid opaque boxes (never ")
        .append("blur) were painted over e-mail addresses, phone numbers, card numbers, IBANs, IP addresses, ")
        .append("national ids, secrets and tokens, employee ids, the names, e-mails and logins of the people ")
        .append("directory (also a given name or surname alone, and the other half of a name known by half), ")
        .append("names next to a common given name or matching an e-mail address on the same frame, ")
        .append("host and device names, `user@host` prompts and home-directory paths, and anything the ")
        .append("text scrubber removed from the same session's typing, titles and URLs. `frames[].redactions` ")
        .append("counts the boxes painted in a frame; `manifest.json` has the engine, its settings and the counts ")
        .append("by kind. A frame that could not be OCR'd was dropped or fully masked, never published as recorded. ")
        .append("Not redacted: faces and photos, handwriting, text inside images of images (a screenshot within a ")
        .append("screenshot, a scanned document), text too small or too stylised for OCR, and personal data that ")
        .append("no detector knows (a stranger's name with an uncommon given name or alone, a postal address): ")
        .append("treat the frames as ")
        .append("restricted data all the same. Frames without any box are the recorded pixels; frames with boxes ")
        .append("are re-encoded once (PNG stays PNG). Published images carry no metadata: PNG text, time and EXIF ")
        .append("chunks, JPEG EXIF/XMP/IPTC/ICC segments and comments, WebP EXIF/XMP/ICC chunks are removed (so ")
        .append("no capture time, device, software or user name travels in the image bytes). A restricted lineage table (kept apart, for erasure and audits) is the only ")
        .append("link from episodes to pseudonymous users; it is never shipped with this dataset.\n\n");

    b.append("## Reading it\n\n");
    b.append("pyarrow:\n\n```python\nimport pyarrow.parquet as pq\n")
        .append("t = pq.read_table(\"train/part-00000.parquet\")\nprint(t.num_rows, t.schema)\n```\n\n");
    b.append("DuckDB:\n\n```sql\nSELECT episode_id, app, num_steps, num_frames\n")
        .append("FROM read_parquet('train/*.parquet');\n```\n\n");
    StringBuilder files = new StringBuilder();
    for (String s : present) {
      files.append(files.length() == 0 ? "" : ", ").append('"').append(s).append("\": \"").append(s).append("/*.parquet\"");
    }
    String first = present.isEmpty() ? "train" : present.get(0);
    b.append("Hugging Face `datasets` (frames decode to PIL images, steps are lists of dicts):\n\n")
        .append("```python\nfrom datasets import load_dataset\n")
        .append("ds = load_dataset(\"parquet\", data_files={").append(files).append("})\n")
        .append("ep = ds[\"").append(first).append("\"][0]\n")
        .append("img = ep[\"frames\"][0][\"image\"]  # PIL.Image.Image, frames[0].width x frames[0].height\n")
        .append("step = ep[\"steps\"][0]          # dict: action, x, y, text, frame, ...\n```\n\n");
    b.append("PyTorch, one item per (step, observation image):\n\n")
        .append("```python\nimport numpy as np, torch\nfrom torch.utils.data import DataLoader, Dataset\n\n")
        .append("class Steps(Dataset):\n")
        .append("    def __init__(self, hf):\n")
        .append("        self.hf = hf\n")
        .append("        self.index = [(e, s) for e, steps in enumerate(hf[\"steps\"])\n")
        .append("                      for s, st in enumerate(steps) if st[\"frame\"] is not None]\n")
        .append("    def __len__(self):\n        return len(self.index)\n")
        .append("    def __getitem__(self, i):\n")
        .append("        e, s = self.index[i]\n        ep = self.hf[e]\n        step = ep[\"steps\"][s]\n")
        .append("        img = ep[\"frames\"][step[\"frame\"]][\"image\"].convert(\"RGB\")\n")
        .append("        return step[\"action\"], torch.from_numpy(np.asarray(img)).permute(2, 0, 1)\n\n")
        .append("loader = DataLoader(Steps(ds[\"").append(first)
        .append("\"]), batch_size=8, collate_fn=lambda b: tuple(zip(*b)))\n")
        .append("for actions, images in loader:\n    ...\n```\n\n");
    b.append("A version is complete only when `_SUCCESS` exists next to `manifest.json`.\n");
    return b.toString();
  }

  /** The splits with at least one row, in {@link Splits#ALL} order. */
  static java.util.List<String> presentSplits(JsonNode m) {
    return Splits.ALL.stream().filter(s -> m.get("splits").get(s).get("rows").asLong() > 0).toList();
  }

  private static String typeName(DataType dt) {
    if (dt instanceof ArrayType at) {
      return "array<" + typeName(at.elementType()) + ">";
    }
    if (dt instanceof StructType st) {
      StringBuilder b = new StringBuilder("struct<");
      for (int i = 0; i < st.fields().length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(st.fields()[i].name()).append(": ").append(typeName(st.fields()[i].dataType()));
      }
      return b.append('>').toString();
    }
    return dt.simpleString();
  }
}
