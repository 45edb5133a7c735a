package io.tuneline.common.testing;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signed JWTs for security tests, from an RSA key made for this test JVM (never a key in the repository). The
 * service under test trusts its public key through {@link OidcTestProfile}; the private key travels in a system
 * property because Quarkus loads the profile and the test class in different class loaders.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.tuneline.test";
    public static final String OTHER_ISSUER = "https://other-issuer.example";

    private static final String PRIVATE_KEY_PROPERTY = "tuneline.test.token-private-key";
    private static final String PUBLIC_KEY_PROPERTY = "tuneline.test.token-public-key";

    private TestTokens() {
    }

    /** The public key (base64 X.509) the service is configured with. */
    public static synchronized String publicKey() {
        if (System.getProperty(PUBLIC_KEY_PROPERTY) == null) {
            KeyPair pair = newKeyPair();
            System.setProperty(PRIVATE_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            System.setProperty(PUBLIC_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        }
        return System.getProperty(PUBLIC_KEY_PROPERTY);
    }

    /** A valid token of {@code subject} with these roles (claim {@code groups}), for an hour. */
    public static String token(String subject, String... roles) {
        return sign(claims(ISSUER, subject, roles, 3600), trustedKey());
    }

    public static String expired(String subject, String... roles) {
        return sign(claims(ISSUER, subject, roles, -600), trustedKey());
    }

    public static String fromOtherIssuer(String subject, String... roles) {
        return sign(claims(OTHER_ISSUER, subject, roles, 3600), trustedKey());
    }

    /** Right issuer and claims, signed by a key the service does not know. */
    public static String badlySigned(String subject, String... roles) {
        return sign(claims(ISSUER, subject, roles, 3600), newKeyPair().getPrivate());
    }

    /** The role claim where a Keycloak token carries it, for tests of a configured claim path. */
    public static String withClaims(String subject, Map<String, Object> extraClaims) {
        JwtClaims claims = claims(ISSUER, subject, new String[0], 3600);
        extraClaims.forEach(claims::setClaim);
        return sign(claims, trustedKey());
    }

    private static JwtClaims claims(String issuer, String subject, String[] roles, long expiresInSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setClaim("preferred_username", subject);
        claims.setStringListClaim("groups", List.of(roles));
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(expiresInSeconds < 0 ? NumericDate.fromSeconds(now.getValue() + expiresInSeconds - 600) : now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + expiresInSeconds));
        claims.setGeneratedJwtId();
        return claims;
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey trustedKey() {
        publicKey();
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(System.getProperty(PRIVATE_KEY_PROPERTY))));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
