package io.github.oraclephone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a chunk of a batch's texts for the native side: one {@code byte[]} of UTF-8 and an
 * {@code int[]} of offsets (row {@code i} is {@code bytes[offsets[i], offsets[i + 1])}), so that
 * the chunk crosses JNI in two array copies instead of one call per string.
 *
 * <p>The encoding is standard UTF-8 (not JNI's modified UTF-8): ASCII is copied byte for byte,
 * a surrogate pair becomes one 4-byte sequence, and an unpaired surrogate becomes its 3-byte
 * encoding, which is ill-formed UTF-8, so the engine rejects that row as {@link
 * ErrorCode#NOT_A_NUMBER} (as {@code jni/utf16.cc} does for single calls) and the rest of the
 * batch goes on. A null text, and a text longer than {@link #MAX_PACKED_CHARS}, is left empty
 * and listed as a special row, with the text itself (null or the string) handed over apart.
 *
 * <p>Thread safety: none; each thread uses its own (the buffers are reused between chunks).
 */
final class TextPacker {
  /** Rows per chunk (one native call). */
  static final int CHUNK_ROWS = 1 << 16;
  /** A chunk stops growing past this many bytes of UTF-8 (unless it has a single row). */
  static final int MAX_CHUNK_BYTES = 1 << 26;
  /** Longer texts are passed as strings (the engine reads at most 250 characters anyway). */
  static final int MAX_PACKED_CHARS = 1 << 22;

  private static final int KEEP_BYTES = 1 << 24;

  byte[] bytes = new byte[1 << 16];
  int[] offsets = new int[CHUNK_ROWS + 1];
  /** Per row of the last {@link #packRegions} chunk, its index in the dictionary returned. */
  final int[] regionIds = new int[CHUNK_ROWS];

  // Ids of the two-letter regions (ISO codes, in either case) of the current chunk, indexed by
  // their letters, in front of the dictionary's map: id + 1, 0 for none yet.
  private final int[] letterPairIds = new int[52 * 52];

  // Buffers for chunks of a list's texts and regions (RowSource.window), allocated on first
  // use, and how many of their slots may hold a reference.
  private String[] textWindow;
  private String[] regionWindow;
  private int windowSlots;

  private int[] specialRows = new int[16];
  private String[] specialTexts = new String[16];
  private int specialCount;

  /**
   * Packs {@code texts[from, end)} for the largest {@code end <= limit} within the chunk limits
   * and returns {@code end} ({@code > from} when {@code from < limit}).
   */
  int pack(String[] texts, int from, int limit) {
    final int last = (int) Math.min((long) from + CHUNK_ROWS, limit);
    specialCount = 0;
    int pos = 0;
    int row = from;
    offsets[0] = 0;
    for (; row < last; row++) {
      String s = texts[row];
      if (s == null || s.length() > MAX_PACKED_CHARS) {
        addSpecial(row - from, s);
      } else {
        int worst = 3 * s.length();
        if (pos + worst > MAX_CHUNK_BYTES && row > from) {
          break;
        }
        pos = encode(s, pos);
      }
      offsets[row - from + 1] = pos;
    }
    return row;
  }

  /**
   * Gives each of {@code regions[from, end)} ({@code end - from <= CHUNK_ROWS}) an id in {@link
   * #regionIds} (chunk-relative rows) and returns the dictionary: the distinct regions (equal
   * strings share an id; null is an entry too), so that the native side reads each once.
   */
  String[] packRegions(String[] regions, int from, int end) {
    Arrays.fill(letterPairIds, 0);
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> distinct = new ArrayList<>();
    final int[] out = regionIds;
    String previous = null;
    int previousId = -1;
    for (int i = from; i < end; i++) {
      final String r = regions[i];
      int id;
      if (r == previous && previousId >= 0) {
        id = previousId; // the same object as the row before
      } else {
        final int pair = r != null && r.length() == 2 ? letterPair(r) : -1;
        if (pair < 0) {
          id = regionId(ids, distinct, r);
        } else if (letterPairIds[pair] != 0) {
          id = letterPairIds[pair] - 1; // the same two letters: an equal string
        } else {
          id = regionId(ids, distinct, r);
          letterPairIds[pair] = id + 1;
        }
      }
      out[i - from] = id;
      previous = r;
      previousId = id;
    }
    return distinct.toArray(new String[0]);
  }

  /** The index of a two-character string of ASCII letters in [0, 52 * 52), or -1. */
  private static int letterPair(String r) {
    final int a = letter(r.charAt(0));
    final int b = letter(r.charAt(1));
    return (a | b) < 0 ? -1 : a * 52 + b;
  }

  private static int letter(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    return -1;
  }

  private static int regionId(Map<String, Integer> ids, List<String> distinct, String region) {
    Integer id = ids.get(region);
    if (id == null) {
      id = distinct.size();
      ids.put(region, id);
      distinct.add(region);
    }
    return id;
  }

  /** The rows of the last chunk left empty, or null. */
  int[] specialRows() {
    return specialCount == 0 ? null : Arrays.copyOf(specialRows, specialCount);
  }

  /** Their texts (null for a null text), or null. */
  String[] specialTexts() {
    return specialCount == 0 ? null : Arrays.copyOf(specialTexts, specialCount);
  }

  /** A buffer for {@code rows <= CHUNK_ROWS} texts of a list; {@link #trim} clears it. */
  String[] textWindow(int rows) {
    if (textWindow == null) {
      textWindow = new String[CHUNK_ROWS];
    }
    windowSlots = Math.max(windowSlots, rows);
    return textWindow;
  }

  /** As {@link #textWindow}, for regions. */
  String[] regionWindow(int rows) {
    if (regionWindow == null) {
      regionWindow = new String[CHUNK_ROWS];
    }
    windowSlots = Math.max(windowSlots, rows);
    return regionWindow;
  }

  /** Drops buffers a huge chunk made grow, and the references to its texts. */
  void trim() {
    if (bytes.length > KEEP_BYTES) {
      bytes = new byte[1 << 16];
    }
    for (String[] window : new String[][] {textWindow, regionWindow}) {
      if (window != null) {
        Arrays.fill(window, 0, Math.min(windowSlots, window.length), null);
      }
    }
    windowSlots = 0;
    Arrays.fill(specialTexts, 0, specialCount, null);
    specialCount = 0;
  }

  private void addSpecial(int row, String text) {
    if (specialCount == specialRows.length) {
      specialRows = Arrays.copyOf(specialRows, 2 * specialCount);
      specialTexts = Arrays.copyOf(specialTexts, 2 * specialCount);
    }
    specialRows[specialCount] = row;
    specialTexts[specialCount] = text;
    specialCount++;
  }

  /** Appends the UTF-8 of {@code s} at {@code pos}; returns the new end. */
  private int encode(String s, int pos) {
    final int n = s.length();
    if (pos + 3 * n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(pos + 3 * n, 2 * bytes.length));
    }
    final byte[] b = bytes;
    // ASCII, the common case: one byte per character, read with charAt (copying the
    // characters out first with getChars costs more than the whole loop).
    int k = 0;
    for (; k < n; k++) {
      char ch = s.charAt(k);
      if (ch >= 0x80) {
        break;
      }
      b[pos + k] = (byte) ch;
    }
    pos += k;
    for (; k < n; k++) {
      char ch = s.charAt(k);
      if (ch < 0x80) {
        b[pos++] = (byte) ch;
      } else if (ch < 0x800) {
        b[pos++] = (byte) (0xC0 | (ch >> 6));
        b[pos++] = (byte) (0x80 | (ch & 0x3F));
      } else if (Character.isHighSurrogate(ch)
          && k + 1 < n
          && Character.isLowSurrogate(s.charAt(k + 1))) {
        int cp = Character.toCodePoint(ch, s.charAt(++k));
        b[pos++] = (byte) (0xF0 | (cp >> 18));
        b[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // Three bytes; for an unpaired surrogate (0xD800-0xDFFF) that is ill-formed UTF-8.
        b[pos++] = (byte) (0xE0 | (ch >> 12));
        b[pos++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        b[pos++] = (byte) (0x80 | (ch & 0x3F));
      }
    }
    return pos;
  }
}
