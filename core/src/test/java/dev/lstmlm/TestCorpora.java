package dev.lstmlm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Downloads as the public servers send them, built from the real corpora, for the download tests' {@link LocalServer}. */
public final class TestCorpora {
    private TestCorpora() {}

    /** The PTB texts, training file first, so that a cut early in the archive falls inside it. */
    public static Map<String, byte[]> ptbFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String split : List.of("train", "valid", "test")) {
            files.put("ptb." + split + ".txt", Files.readAllBytes(TestData.require("ptb/ptb." + split + ".txt")));
        }
        return files;
    }

    /** An archive laid out like simple-examples.tgz: other files around the three PTB texts. */
    public static byte[] ptbArchive(Map<String, byte[]> ptb) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("./simple-examples/1-train/README", "train a model".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> e : ptb.entrySet()) {
            entries.put("./simple-examples/data/" + e.getKey(), e.getValue());
        }
        entries.put("./simple-examples/data/ptb.char.train.txt", "a _ b".getBytes(StandardCharsets.US_ASCII));
        return tarGz(entries);
    }

    public static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
