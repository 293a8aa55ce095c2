/* TLS for server connections with OpenSSL, through memory BIOs: the
 * connection code moves ciphertext between the socket and the BIOs, so
 * nothing here blocks and the same input path serves TLS and cleartext.
 * ALPN picks h2 or http/1.1; client certificates are required when
 * client_ca_file is set. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

#include "server.h"

static int
alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
            const unsigned char *in, unsigned int inlen, void *arg)
{
    static const unsigned char prefs[] = "\x02h2\x08http/1.1";
    (void)ssl;
    (void)arg;
    /* Our preference order, among what the client offers. */
    if (SSL_select_next_proto((unsigned char **)out, outlen, prefs,
                              sizeof(prefs) - 1, in,
                              inlen) == OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_OK;
    return SSL_TLSEXT_ERR_NOACK;
}

static void
ssl_err(char *err, size_t len, const char *what, const char *file)
{
    unsigned long e = ERR_get_error();
    char          buf[256] = "";
    if (e)
        ERR_error_string_n(e, buf, sizeof(buf));
    snprintf(err, len, "%s %s: %s", what, file ? file : "", buf);
    ERR_clear_error();
}

int
otelc__srv_tls_ctx(otelc_server *s, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) {
        ssl_err(err, errlen, "cannot create TLS context", NULL);
        return -1;
    }
    SSL_CTX_set_min_proto_version(ctx, s->set.tls_min ? s->set.tls_min
                                                      : TLS1_2_VERSION);
    if (s->set.tls_max)
        SSL_CTX_set_max_proto_version(ctx, s->set.tls_max);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(ctx, s->set.cert_file) != 1) {
        ssl_err(err, errlen, "cannot load cert_file", s->set.cert_file);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, s->set.key_file, SSL_FILETYPE_PEM) !=
            1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        ssl_err(err, errlen, "cannot load key_file", s->set.key_file);
        goto fail;
    }
    if (s->set.client_ca_file) {
        STACK_OF(X509_NAME) * names;
        if (SSL_CTX_load_verify_locations(ctx, s->set.client_ca_file, NULL) !=
            1) {
            ssl_err(err, errlen, "cannot load client_ca_file",
                    s->set.client_ca_file);
            goto fail;
        }
        names = SSL_load_client_CA_file(s->set.client_ca_file);
        if (names)
            SSL_CTX_set_client_CA_list(ctx, names);
        SSL_CTX_set_verify(
            ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }
    SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
    s->ssl_ctx = ctx;
    return 0;
fail:
    SSL_CTX_free(ctx);
    return -1;
}

int
otelc__srv_tls_begin(struct otelc__srv_conn *c)
{
    if (c->srv->ssl_ctx == NULL)
        return -1;
    c->ssl = SSL_new(c->srv->ssl_ctx);
    c->rbio = BIO_new(BIO_s_mem());
    c->wbio = BIO_new(BIO_s_mem());
    if (c->ssl == NULL || c->rbio == NULL || c->wbio == NULL) {
        BIO_free(c->rbio);
        BIO_free(c->wbio);
        SSL_free(c->ssl);
        c->ssl = NULL;
        c->rbio = c->wbio = NULL;
        return -1;
    }
    SSL_set_bio(c->ssl, c->rbio, c->wbio); /* the SSL owns them now */
    SSL_set_accept_state(c->ssl);
    return 0;
}

/* Ciphertext OpenSSL produced goes to the socket buffer. */
static void
drain(struct otelc__srv_conn *c)
{
    char buf[16384];
    int  n;
    while ((n = BIO_read(c->wbio, buf, sizeof(buf))) > 0)
        if (otelc__srv_buf_add(&c->out, buf, (size_t)n) != 0) {
            otelc__srv_conn_close(c);
            return;
        }
}

int
otelc__srv_tls_input(struct otelc__srv_conn *c, const char *d, size_t n)
{
    char buf[16384];
    int  rc;

    if (BIO_write(c->rbio, d, (int)n) != (int)n)
        return -1;
    if (!c->tls_done) {
        rc = SSL_do_handshake(c->ssl);
        drain(c);
        if (rc != 1) {
            int e = SSL_get_error(c->ssl, rc);
            ERR_clear_error();
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                return 0;
            /* Handshake failed (no client certificate, bad version...):
             * the alert is queued, send it and go. */
            c->closing = 1;
            c->draining = 1;
            return 0;
        }
        c->tls_done = 1;
    }
    while (!c->dead && !c->closing) {
        rc = SSL_read(c->ssl, buf, sizeof(buf));
        if (rc > 0) {
            otelc__srv_conn_plain(c, buf, (size_t)rc);
            continue;
        }
        rc = SSL_get_error(c->ssl, rc);
        ERR_clear_error();
        if (rc == SSL_ERROR_WANT_READ || rc == SSL_ERROR_WANT_WRITE)
            break;
        /* close_notify or a fatal error */
        c->closing = 1;
        break;
    }
    if (!c->dead)
        drain(c);
    return 0;
}

void
otelc__srv_tls_send(struct otelc__srv_conn *c, const void *d, size_t n)
{
    if (n == 0)
        return;
    if (SSL_write(c->ssl, d, (int)n) <= 0) {
        ERR_clear_error();
        otelc__srv_conn_close(c);
        return;
    }
    drain(c);
}
