package io.tuneline.common.rest;

import io.tuneline.contracts.storage.StorageLayout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Endpoints that fail the ways real resources do, to check what the client sees. */
@Path("/probe-errors")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeErrorResource {

    public record Order(@NotBlank String name, @Positive int quantity) {
    }

    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Order create(@Valid Order order) {
        return order;
    }

    @GET
    @Path("/datasets/{id}")
    public String dataset(@PathParam("id") String id) {
        throw ApiException.notFound("dataset-not-found", "no dataset '" + id + "'");
    }

    @POST
    @Path("/datasets/{id}")
    public String createDataset(@PathParam("id") String id) {
        throw ApiException.conflict("dataset-exists", "dataset '" + id + "' already exists", Map.of("datasetId", id));
    }

    @POST
    @Path("/uploads")
    public String upload() {
        throw ApiException.payloadTooLarge("upload-too-large", "the upload exceeds the limit", 1024);
    }

    @GET
    @Path("/ids/{id}")
    public String id(@PathParam("id") String id) {
        return StorageLayout.id(id);
    }

    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("secret internal detail");
    }
}
