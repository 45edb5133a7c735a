package io.tuneline.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives identities the roles the platform's rules imply: {@code admin} holds every role, and in {@code open} mode
 * the anonymous caller becomes {@code tuneline.security.open-principal} with every role.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    private final SecurityConfig config;

    RoleAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(augment(identity));
    }

    SecurityIdentity augment(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            if (config.mode() != SecurityConfig.Mode.OPEN) {
                return identity;
            }
            return QuarkusSecurityIdentity.builder(identity)
                    .setAnonymous(false)
                    .setPrincipal(new QuarkusPrincipal(config.openPrincipal()))
                    .addRoles(java.util.Set.copyOf(Role.ALL))
                    .build();
        }
        if (identity.hasRole(Role.ADMIN) || config.mode() == SecurityConfig.Mode.OPEN) {
            return QuarkusSecurityIdentity.builder(identity).addRoles(java.util.Set.copyOf(Role.ALL)).build();
        }
        return identity;
    }
}
