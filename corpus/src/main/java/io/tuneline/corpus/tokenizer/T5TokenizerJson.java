package io.tuneline.corpus.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a Hugging Face {@code tokenizer.json} with T5's conventions: {@code <pad>} 0, {@code </s>} 1,
 * {@code <unk>} 2, Metaspace word boundaries ({@code ▁}, always prepended), {@code </s>} appended by a
 * TemplateProcessing post-processor, and a Unigram model. Unlike T5's SentencePiece model it has no lossy
 * normalizer and it falls back to the 256 byte pieces {@code <0x00>}..{@code <0xFF>} (ids 3-258) for any
 * character outside the vocabulary, so every UTF-8 text decodes back to itself.
 */
public final class T5TokenizerJson {

    public static final List<String> SPECIAL_TOKENS = List.of("<pad>", "</s>", "<unk>");
    public static final int FIRST_BYTE_ID = SPECIAL_TOKENS.size();
    public static final int BYTE_PIECES = 256;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private T5TokenizerJson() {
    }

    /** The tokenizer.json document for the trained pieces (ids follow the specials and the byte pieces). */
    public static ObjectNode document(List<UnigramTrainer.Piece> pieces) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            ObjectNode token = added.addObject();
            token.put("id", id);
            token.put("content", SPECIAL_TOKENS.get(id));
            token.put("single_word", false);
            token.put("lstrip", false);
            token.put("rstrip", false);
            token.put("normalized", false);
            token.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", metaspace());
        root.set("post_processor", appendEos());
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        decoders.addObject().put("type", "ByteFallback");
        decoders.add(metaspace());
        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", 2);
        ArrayNode vocab = model.putArray("vocab");
        double lowest = pieces.stream().mapToDouble(UnigramTrainer.Piece::score).min().orElse(0);
        for (String special : SPECIAL_TOKENS) {
            vocab.addArray().add(special).add(0.0);
        }
        for (int b = 0; b < BYTE_PIECES; b++) {
            // Byte pieces are only reached through byte_fallback; the low score keeps literal "<0x41>" text
            // from being read as a byte.
            vocab.addArray().add(String.format("<0x%02X>", b)).add(lowest - 20);
        }
        for (UnigramTrainer.Piece piece : pieces) {
            vocab.addArray().add(piece.text()).add(piece.score());
        }
        model.put("byte_fallback", true);
        return root;
    }

    public static void write(Path file, List<UnigramTrainer.Piece> pieces) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, JSON.writeValueAsString(document(pieces)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ObjectNode metaspace() {
        ObjectNode metaspace = JSON.createObjectNode();
        metaspace.put("type", "Metaspace");
        metaspace.put("replacement", UnigramTrainer.BOUNDARY);
        metaspace.put("prepend_scheme", "always");
        metaspace.put("split", true);
        return metaspace;
    }

    private static ObjectNode appendEos() {
        ObjectNode post = JSON.createObjectNode();
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ObjectNode eos = post.putObject("special_tokens").putObject("</s>");
        eos.put("id", "</s>");
        eos.putArray("ids").add(1);
        eos.putArray("tokens").add("</s>");
        return post;
    }
}
