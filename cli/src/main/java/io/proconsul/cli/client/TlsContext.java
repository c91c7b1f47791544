package io.proconsul.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for an {@code https} agent address, from Consul's flags and variables: {@code -ca-file}/{@code
 * CONSUL_CACERT} and {@code -ca-path}/{@code CONSUL_CAPATH} replace the JVM's trust store, {@code
 * -client-cert}/{@code -client-key} present a client certificate (PEM; the key in PKCS#8 form, {@code BEGIN
 * PRIVATE KEY}), {@code -tls-server-name} sets SNI, and {@code CONSUL_HTTP_SSL_VERIFY=false} trusts any
 * certificate, as Consul's {@code InsecureSkipVerify} does.
 */
final class TlsContext {

    private TlsContext() {}

    static void configure(HttpClient.Builder builder, ClientConfig config) throws ConsulApiException {
        boolean custom = config.insecureSkipVerify || !config.caFile.isEmpty() || !config.caPath.isEmpty()
                || !config.clientCert.isEmpty() || !config.clientKey.isEmpty();
        try {
            if (custom) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(keyManagers(config), trustManagers(config), new SecureRandom());
                builder.sslContext(ctx);
            }
            if (!config.tlsServerName.isEmpty()) {
                SSLParameters params = new SSLParameters();
                params.setServerNames(List.of(new SNIHostName(stripPort(config.tlsServerName))));
                builder.sslParameters(params);
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConsulApiException("Error setting up TLS: " + e.getMessage()
                    + "; check -ca-file, -ca-path, -client-cert and -client-key");
        }
    }

    private static TrustManager[] trustManagers(ClientConfig config) throws IOException, GeneralSecurityException {
        if (config.insecureSkipVerify) {
            return new TrustManager[] {new TrustAll()};
        }
        if (config.caFile.isEmpty() && config.caPath.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Path file : caFiles(config)) {
            for (Certificate cert : readCertificates(file)) {
                store.setCertificateEntry("ca-" + n++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static List<Path> caFiles(ClientConfig config) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!config.caFile.isEmpty()) {
            files.add(Path.of(config.caFile));
        } else {
            try (Stream<Path> dir = Files.list(Path.of(config.caPath))) {
                dir.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static javax.net.ssl.KeyManager[] keyManagers(ClientConfig config)
            throws IOException, GeneralSecurityException {
        if (config.clientCert.isEmpty() && config.clientKey.isEmpty()) {
            return null;
        }
        if (config.clientCert.isEmpty() || config.clientKey.isEmpty()) {
            throw new GeneralSecurityException("both client cert and client key must be provided");
        }
        Certificate[] chain = readCertificates(Path.of(config.clientCert)).toArray(new Certificate[0]);
        PrivateKey key = readKey(Path.of(config.clientKey));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, new char[0], chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        return kmf.getKeyManagers();
    }

    private static Collection<? extends Certificate> readCertificates(Path file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException(file + " is not a PKCS#8 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in " + file + "'");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String stripPort(String serverName) {
        int colon = serverName.lastIndexOf(':');
        return colon > serverName.lastIndexOf(']') ? serverName.substring(0, colon) : serverName;
    }

    /** CONSUL_HTTP_SSL_VERIFY=false: the user asked to skip verification, as with Go's InsecureSkipVerify. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
