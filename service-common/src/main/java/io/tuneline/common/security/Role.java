package io.tuneline.common.security;

import java.util.List;

/**
 * The roles every service checks with {@code @RolesAllowed}. They come from the token's claims (claim path
 * {@code quarkus.oidc.roles.role-claim-path}); {@link #ADMIN} implies every other role ({@link RoleAugmentor}).
 */
public final class Role {

    /** Read datasets, renders, runs, evaluations, models. */
    public static final String VIEWER = "viewer";
    /** Upload datasets; write templates, tasks, mixtures; start renders. */
    public static final String DATA_EDITOR = "data-editor";
    /** Start and cancel runs, register base models, set retraining policies, start evaluations. */
    public static final String TRAINER = "trainer";
    /** Promote or reject a model by hand. */
    public static final String APPROVER = "approver";
    /** Call the serving endpoints (rate limited per caller). */
    public static final String INFERENCE = "inference";
    /** Everything, including the wiring check. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(VIEWER, DATA_EDITOR, TRAINER, APPROVER, INFERENCE, ADMIN);

    private Role() {
    }
}
