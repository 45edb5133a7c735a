package io.tuneline.dataset.validation;

import java.nio.charset.StandardCharsets;

/**
 * Everything a dataset version already holds, by id and by content, so that a new row can be told apart from a
 * copy. Keys are 64-bit prefixes of SHA-256 digests: a false match needs ~4·10⁹ rows before it becomes likely.
 */
public final class DedupeIndex {

    /** How a candidate relates to what is already indexed. */
    public enum Verdict {
        NEW,
        /** Same id and exactly the same texts: a redelivery of something already stored. */
        SAME_EXAMPLE,
        /** The id is taken by an example with other texts. */
        ID_CONFLICT,
        /** Another id carries exactly the same texts. */
        EXACT_DUPLICATE,
        /** Another id carries the same texts after normalization. */
        NORMALIZED_DUPLICATE
    }

    private final LongLongTable exactHashById;
    private final LongLongTable exactHashByContent;

    public DedupeIndex() {
        this(new LongLongTable(), new LongLongTable());
    }

    private DedupeIndex(LongLongTable exactHashById, LongLongTable exactHashByContent) {
        this.exactHashById = exactHashById;
        this.exactHashByContent = exactHashByContent;
    }

    /** An independent copy to extend. */
    public DedupeIndex copy() {
        return new DedupeIndex(exactHashById.copy(), exactHashByContent.copy());
    }

    public Verdict check(String id, byte[] exactHash, String contentHash) {
        long idKey = idKey(id);
        long exact = ContentHashing.leadingLong(exactHash);
        if (exactHashById.containsKey(idKey)) {
            return exactHashById.get(idKey) == exact ? Verdict.SAME_EXAMPLE : Verdict.ID_CONFLICT;
        }
        long contentKey = Long.parseUnsignedLong(contentHash.substring(0, 16), 16);
        if (exactHashByContent.containsKey(contentKey)) {
            return exactHashByContent.get(contentKey) == exact ? Verdict.EXACT_DUPLICATE : Verdict.NORMALIZED_DUPLICATE;
        }
        return Verdict.NEW;
    }

    public void add(String id, byte[] exactHash, String contentHash) {
        long exact = ContentHashing.leadingLong(exactHash);
        exactHashById.put(idKey(id), exact);
        long contentKey = Long.parseUnsignedLong(contentHash.substring(0, 16), 16);
        if (!exactHashByContent.containsKey(contentKey)) {
            exactHashByContent.put(contentKey, exact);
        }
    }

    public int size() {
        return exactHashById.size();
    }

    private static long idKey(String id) {
        return ContentHashing.leadingLong(ContentHashing.newSha256().digest(id.getBytes(StandardCharsets.UTF_8)));
    }
}
