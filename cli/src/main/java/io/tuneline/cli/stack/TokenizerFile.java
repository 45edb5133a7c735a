package io.tuneline.cli.stack;

import java.nio.file.Path;

/**
 * The tokenizer.json template-service counts tokens with: {@code file} (absolute), how to show it, and whether it is
 * the built-in base model's own rather than one the user gave with {@code --tokenizer}.
 */
public record TokenizerFile(Path file, String shown, boolean builtIn) {
}
