/* The gRPC client's TLS configuration: one SSL_CTX per client from the
 * configtls settings (CA, client certificate, versions, verification
 * policy), offering only ALPN "h2" since gRPC runs on HTTP/2 alone.
 * Per-connection setup (SNI, host check, memory BIOs) is in
 * grpc_client_conn.c. */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "grpc_client_int.h"

/* The reason OpenSSL gives for the last failure, queue cleared. */
static const char *
ssl_reason(void)
{
    unsigned long e, last = 0, sys = 0;

    /* OpenSSL 3 queues the errno of a failed fopen() first and then
     * generic "system lib" entries: the errno is what a user needs. */
    while ((e = ERR_get_error()) != 0) {
#ifdef ERR_SYSTEM_ERROR
        if (ERR_SYSTEM_ERROR(e) && sys == 0)
            sys = e;
#endif
        last = e;
    }
    if (sys)
        return strerror(ERR_GET_REASON(sys));
    if (last && ERR_reason_error_string(last))
        return ERR_reason_error_string(last);
    return "failed";
}

/* Adds every certificate of a PEM text to the store; the count added. */
static int
add_pem_certs(X509_STORE *st, const char *pem)
{
    BIO  *b = BIO_new_mem_buf(pem, -1);
    X509 *x;
    int   n = 0;

    while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        if (X509_STORE_add_cert(st, x) == 1)
            n++;
        X509_free(x);
    }
    BIO_free(b);
    ERR_clear_error(); /* the read that ends the loop "fails" */
    return n;
}

static int
load_identity(SSL_CTX *ctx, const struct otelc__client_settings *s, char *err,
              size_t n)
{
    if (s->cert_file &&
        SSL_CTX_use_certificate_chain_file(ctx, s->cert_file) != 1) {
        snprintf(err, n, "tls.cert_file \"%s\": %s", s->cert_file,
                 ssl_reason());
        return -1;
    }
    if (s->key_file &&
        SSL_CTX_use_PrivateKey_file(ctx, s->key_file, SSL_FILETYPE_PEM) != 1) {
        snprintf(err, n, "tls.key_file \"%s\": %s", s->key_file, ssl_reason());
        return -1;
    }
    if (s->cert_pem) {
        BIO  *b = BIO_new_mem_buf(s->cert_pem, -1);
        X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
        int   ok = x && SSL_CTX_use_certificate(ctx, x) == 1;
        X509_free(x);
        BIO_free(b);
        if (!ok) {
            snprintf(err, n, "tls.cert_pem: %s", ssl_reason());
            return -1;
        }
    }
    if (s->key_pem) {
        BIO      *b = BIO_new_mem_buf(s->key_pem, -1);
        EVP_PKEY *pk = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
        int       ok = pk && SSL_CTX_use_PrivateKey(ctx, pk) == 1;
        EVP_PKEY_free(pk);
        BIO_free(b);
        if (!ok) {
            snprintf(err, n, "tls.key_pem: %s", ssl_reason());
            return -1;
        }
    }
    /* A mismatched pair would only show up as a handshake failure on the
     * server's side; say it here. */
    if ((s->cert_file || s->cert_pem) && (s->key_file || s->key_pem) &&
        SSL_CTX_check_private_key(ctx) != 1) {
        snprintf(err, n, "tls: the key does not match the certificate: %s",
                 ssl_reason());
        return -1;
    }
    return 0;
}

int
otelc__grpc_tls_ctx(struct otelc_grpc_client *c, char *err, size_t n)
{
    static const unsigned char           alpn[] = {2, 'h', '2'};
    const struct otelc__client_settings *s = &c->s;
    SSL_CTX                             *ctx = SSL_CTX_new(TLS_client_method());

    if (ctx == NULL) {
        snprintf(err, n, "TLS: %s", ssl_reason());
        return -1;
    }
    SSL_CTX_set_min_proto_version(ctx,
                                  s->tls_min ? s->tls_min : TLS1_2_VERSION);
    if (s->tls_max)
        SSL_CTX_set_max_proto_version(ctx, s->tls_max);
    if (SSL_CTX_set_alpn_protos(ctx, alpn, sizeof(alpn)) != 0) {
        snprintf(err, n, "TLS ALPN: %s", ssl_reason());
        goto fail;
    }
    if (s->insecure_skip_verify) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        if (s->ca_file &&
            SSL_CTX_load_verify_locations(ctx, s->ca_file, NULL) != 1) {
            snprintf(err, n, "tls.ca_file \"%s\": %s", s->ca_file,
                     ssl_reason());
            goto fail;
        }
        if (s->ca_pem &&
            add_pem_certs(SSL_CTX_get_cert_store(ctx), s->ca_pem) == 0) {
            snprintf(err, n, "tls.ca_pem: no certificate found");
            goto fail;
        }
        /* No CA configured: the system's, as Go's crypto/tls does. */
        if (s->ca_file == NULL && s->ca_pem == NULL &&
            SSL_CTX_set_default_verify_paths(ctx) != 1) {
            snprintf(err, n, "TLS: system CA certificates: %s", ssl_reason());
            goto fail;
        }
    }
    if (load_identity(ctx, s, err, n) < 0)
        goto fail;
    c->ssl_ctx = ctx;
    return 0;
fail:
    SSL_CTX_free(ctx);
    return -1;
}
