package io.tuneline.model.config;

import java.util.List;
import java.util.Objects;

/**
 * LoRA settings as Hugging Face PEFT's {@code LoraConfig} names them.
 *
 * @param r                   rank of the update {@code B·A}
 * @param alpha               {@code lora_alpha}; the update is scaled by {@code alpha / r}
 * @param dropout             {@code lora_dropout}, applied to the adapter's input only
 * @param targetModules       module names matched as PEFT does: a module is adapted when its full name equals a
 *                            target or ends with {@code "." + target} (so {@code q} adapts every attention query)
 * @param baseModelNameOrPath {@code base_model_name_or_path} written to adapter_config.json
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, String baseModelNameOrPath) {

    public LoraConfig {
        if (r <= 0 || alpha <= 0 || dropout < 0 || dropout >= 1 || targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("invalid LoRA config: r " + r + ", alpha " + alpha + ", dropout "
                    + dropout + ", targets " + targetModules);
        }
        targetModules = List.copyOf(targetModules);
    }

    /** PEFT's defaults for T5 (targets {@code q} and {@code v}) with the given rank, alpha and dropout. */
    public static LoraConfig t5Defaults(int r, double alpha, double dropout, String baseModelNameOrPath) {
        return new LoraConfig(r, alpha, dropout, List.of("q", "v"), baseModelNameOrPath);
    }

    /** {@code alpha / r}, the factor of {@code B·A}. */
    public float scaling() {
        return (float) (alpha / r);
    }

    /** PEFT's suffix rule: the whole name, or its last dotted part(s), equals a target. */
    public boolean targets(String moduleName) {
        Objects.requireNonNull(moduleName);
        return targetModules.stream().anyMatch(target -> moduleName.equals(target) || moduleName.endsWith("." + target));
    }
}
