package io.tuneline.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the demo pipeline did, step by step, as {@link DemoSummary} prints it. Locations are {@code s3://bucket/key}.
 *
 * @param tokenizer    which tokenizer.json template-service counted tokens with
 * @param uploadVersion the version the upload created; {@code streamVersion} the one the stream cut on top of it
 * @param renders      one per dataset version, in version order
 */
public record DemoReport(String datasetId, Tokenizer tokenizer, Upload upload, DatasetVersion uploadVersion,
                         Stream stream, DatasetVersion streamVersion, List<Render> renders, PromptExample example,
                         DeadLetters deadLetters) {

    public DemoReport {
        renders = List.copyOf(renders);
    }

    /**
     * The tokenizer.json template-service reads ({@code file}, absolute) and how to show it; {@code demo} when it is
     * the shipped test tokenizer rather than a real FLAN-T5 one.
     */
    public record Tokenizer(Path file, String shown, boolean demo) {
    }

    public record Upload(String uploadId, long rowsRead, long accepted, long rejected, List<RejectedRow> rejections,
                         String reportLocation) {
        public Upload {
            rejections = List.copyOf(rejections);
        }
    }

    /** A row the upload rejected: its line number, the rejection code and the reason. */
    public record RejectedRow(long row, String code, String reason, String exampleId) {
    }

    public record DatasetVersion(String versionId, String parentVersionId, String trigger, long totalExamples,
                                 Map<String, Long> counts, Map<String, Long> added) {
    }

    /**
     * The chats published on {@code tuneline.support-chats}.
     *
     * @param storedTimes   how often each published chat id is in the stream's version (0 for the invalid one)
     * @param redeliveredChatId the chat sent twice, as a redelivery would
     * @param invalidChatId the chat with an empty summary, which goes to the dead-letter topic
     */
    public record Stream(int recordsPublished, Map<String, Integer> storedTimes, String redeliveredChatId,
                         String invalidChatId) {
    }

    /** What template-service rendered from one dataset version. */
    public record Render(String versionId, String renderId, Map<String, RenderedSplit> splits, long truncated,
                         int maxInputTokens, String manifestLocation) {
    }

    public record RenderedSplit(long examples, long truncated, long overLimit, String fileLocation) {
    }

    /** One line of a rendered file, read back from S3. */
    public record PromptExample(String fileLocation, String exampleId, String templateId, String prompt,
                                String completion) {
    }

    /** Dead letters about this demo's dataset on {@code tuneline.dead-letter}, by error code. */
    public record DeadLetters(Map<String, Long> byCode) {
        public long total() {
            return byCode.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
