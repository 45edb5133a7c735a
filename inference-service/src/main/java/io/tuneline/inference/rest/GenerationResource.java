package io.tuneline.inference.rest;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.tuneline.common.rest.ApiError;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.inference.service.GenerationOptions;
import io.tuneline.inference.service.InferenceException;
import io.tuneline.inference.service.InferenceService;
import io.tuneline.inference.service.InferenceService.Generation;
import io.tuneline.inference.service.TokenEvent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/generate} (a prompt) and {@code POST /api/v1/summarize} (a raw dialogue, rendered with the
 * summary instruction), each with a {@code /batch} form. With {@code Accept: text/event-stream} the single forms
 * stream: a {@code token} event per new token, then {@code done} with the whole result, or {@code error} with an
 * {@link ApiError}. A client that disconnects frees its decode slot. Every form takes an optional {@code adapter}: a
 * LoRA adapter applied on the base the model name serves.
 */
@Path("/api/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Blocking // a request for an adapter not loaded yet reads it from object storage first
public class GenerationResource {

    private static final Logger LOG = Logger.getLogger(GenerationResource.class);

    private final InferenceService inference;

    GenerationResource(InferenceService inference) {
        this.inference = inference;
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/generate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate a completion of a prompt; names the model version that answered")
    public Uni<GenerationResult> generate(@NotNull @Valid Bodies.GenerateRequest body) {
        return await(inference.start(body.model(), body.adapter(), body.prompt(), body.options(),
                InferenceService.NOT_STREAMED));
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/generate")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream a completion as server-sent events: token ..., then done (or error)")
    public Multi<OutboundSseEvent> generateStream(@NotNull @Valid Bodies.GenerateRequest body, @Context Sse sse) {
        return stream(sse, body.model(), body.adapter(), body.prompt(), body.options());
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/generate/batch")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate completions of several prompts (decoded in the shared batch)")
    public Uni<Bodies.BatchResponse> generateBatch(@NotNull @Valid Bodies.GenerateBatchRequest body) {
        return awaitAll(inference.startAll(body.model(), body.adapter(), body.prompts(), body.options()));
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/summarize")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarize a support chat (sent raw; the instruction template is applied here)")
    public Uni<GenerationResult> summarize(@NotNull @Valid Bodies.SummarizeRequest body) {
        return await(inference.start(body.model(), body.adapter(), inference.summaryPrompt(body.dialogue(), body.topic()),
                summaryOptions(body.options()), InferenceService.NOT_STREAMED));
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/summarize")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream a summary as server-sent events: token ..., then done (or error)")
    public Multi<OutboundSseEvent> summarizeStream(@NotNull @Valid Bodies.SummarizeRequest body, @Context Sse sse) {
        return stream(sse, body.model(), body.adapter(), inference.summaryPrompt(body.dialogue(), body.topic()),
                summaryOptions(body.options()));
    }

    @POST
    @RolesAllowed(Role.INFERENCE)
    @Path("/summarize/batch")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarize several support chats")
    public Uni<Bodies.BatchResponse> summarizeBatch(@NotNull @Valid Bodies.SummarizeBatchRequest body) {
        List<String> prompts = inference.summaryPrompts(body.dialogues(), body.topics());
        return awaitAll(inference.startAll(body.model(), body.adapter(), prompts, summaryOptions(body.options())));
    }

    private GenerationOptions summaryOptions(GenerationOptions options) {
        return (options == null ? GenerationOptions.DEFAULTS : options).orElse(inference.summaryDefaults());
    }

    private static Uni<GenerationResult> await(Generation generation) {
        return Uni.createFrom().completionStage(generation.result())
                .onFailure(CompletionException.class).transform(Throwable::getCause)
                .onCancellation().invoke(generation::cancel);
    }

    private static Uni<Bodies.BatchResponse> awaitAll(List<Generation> generations) {
        return Uni.join().all(generations.stream().map(GenerationResource::await).toList()).andFailFast()
                .onFailure().invoke(() -> generations.forEach(Generation::cancel))
                .map(Bodies.BatchResponse::new);
    }

    private Multi<OutboundSseEvent> stream(Sse sse, String model, String adapter, String prompt,
                                           GenerationOptions options) {
        UnicastProcessor<OutboundSseEvent> events = UnicastProcessor.create();
        // Validation, the lease and the queue are checked here, so a refused request gets its status code.
        Generation generation = inference.start(model, adapter, prompt, options,
                token -> events.onNext(tokenEvent(sse, token)));
        generation.result().whenComplete((result, error) -> {
            if (error == null) {
                events.onNext(event(sse, "done", GenerationResult.class, result));
            } else if (!(error instanceof CancellationException)) {
                events.onNext(event(sse, "error", ApiError.class, apiError(error)));
            }
            events.onComplete();
        });
        return events.onCancellation().invoke(() -> {
            LOG.debug("stream cancelled by the client; freeing its slot");
            generation.cancel();
        });
    }

    private static ApiError apiError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof ApiException api ? api.toApiError()
                : ApiError.of(InferenceException.ERROR_GENERATION_FAILED, cause.getMessage());
    }

    /**
     * A {@code token} event, its JSON data written by {@link TokenEvent#toJson()} and sent as it is (the data's
     * media type only chooses the writer: an SSE stream carries none per event, so the bytes are those of a JSON
     * writer).
     */
    private static OutboundSseEvent tokenEvent(Sse sse, TokenEvent token) {
        return sse.newEventBuilder().name("token").mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class,
                token.toJson()).build();
    }

    private static <T> OutboundSseEvent event(Sse sse, String name, Class<T> type, T data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(type, data).build();
    }
}
