package io.github.oraclephone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small Office Open XML workbooks as spreadsheet programs do (a zip archive of XML
 * parts), for the tests: text cells as inline strings, numbers as numeric cells, one
 * worksheet per sheet.
 */
final class XlsxFiles {
  private XlsxFiles() {}

  /** A worksheet: its name and its rows; a cell is a String (text) or a Number. */
  record Sheet(String name, List<List<Object>> rows) {}

  static void write(Path path, List<Sheet> sheets) throws IOException {
    try (OutputStream file = Files.newOutputStream(path);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      StringBuilder types =
          new StringBuilder(
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                  + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                  + "<Default Extension=\"rels\""
                  + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                  + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                  + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                  + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
      StringBuilder workbook =
          new StringBuilder(
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                  + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                  + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                  + "<sheets>");
      StringBuilder rels =
          new StringBuilder(
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                  + "<Relationships"
                  + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
      for (int s = 1; s <= sheets.size(); s++) {
        types.append(
            "<Override PartName=\"/xl/worksheets/sheet"
                + s
                + ".xml\" ContentType=\"application/"
                + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        workbook.append(
            "<sheet name=\""
                + escape(sheets.get(s - 1).name())
                + "\" sheetId=\""
                + s
                + "\" r:id=\"rId"
                + s
                + "\"/>");
        rels.append(
            "<Relationship Id=\"rId"
                + s
                + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/worksheet\" Target=\"worksheets/sheet"
                + s
                + ".xml\"/>");
      }
      types.append("</Types>");
      workbook.append("</sheets></workbook>");
      rels.append("</Relationships>");
      put(zip, "[Content_Types].xml", types.toString());
      put(
          zip,
          "_rels/.rels",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
              + "<Relationships"
              + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
              + "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
              + "</Relationships>");
      put(zip, "xl/workbook.xml", workbook.toString());
      put(zip, "xl/_rels/workbook.xml.rels", rels.toString());
      for (int s = 1; s <= sheets.size(); s++) {
        put(zip, "xl/worksheets/sheet" + s + ".xml", worksheet(sheets.get(s - 1).rows()));
      }
    }
  }

  private static String worksheet(List<List<Object>> rows) {
    StringBuilder x =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<sheetData>");
    for (int r = 0; r < rows.size(); r++) {
      x.append("<row r=\"").append(r + 1).append("\">");
      List<Object> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        String ref = (char) ('A' + c) + Integer.toString(r + 1);
        Object v = row.get(c);
        if (v instanceof Number) {
          x.append("<c r=\"").append(ref).append("\"><v>").append(v).append("</v></c>");
        } else {
          x.append("<c r=\"")
              .append(ref)
              .append("\" t=\"inlineStr\"><is><t>")
              .append(escape((String) v))
              .append("</t></is></c>");
        }
      }
      x.append("</row>");
    }
    return x.append("</sheetData></worksheet>").toString();
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(UTF_8));
    zip.closeEntry();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
