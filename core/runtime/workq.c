/* Blocking jobs are rare and slow, so a mutex and a condition variable are
 * the right tools here; the data path never comes near this queue. */
#include "workq.h"

#include <pthread.h>
#include <stdlib.h>

#include "runtime_int.h"

struct job {
    otelc_cb              work, done;
    void                 *arg;
    struct otelc__worker *home;
    struct job           *next;
};

struct otelc__workq {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    struct job     *head, *tail;
    int             stopping;
    int             n_threads;
    pthread_t      *threads;
};

static void *
workq_thread(void *arg)
{
    struct otelc__workq *q = arg;

    for (;;) {
        struct job *j;
        pthread_mutex_lock(&q->mu);
        while (q->head == NULL && !q->stopping)
            pthread_cond_wait(&q->cv, &q->mu);
        j = q->head;
        if (j) {
            q->head = j->next;
            if (q->head == NULL)
                q->tail = NULL;
        }
        pthread_mutex_unlock(&q->mu);
        if (j == NULL)
            return NULL;
        j->work(j->arg);
        if (j->done && j->home) {
            struct otelc__msg *m = calloc(1, sizeof(*m));
            if (m) {
                m->type = OTELC__MSG_CALL;
                m->fn = j->done;
                m->arg = j->arg;
                otelc__worker_post(j->home, m);
            }
        } else if (j->done) {
            j->done(j->arg);
        }
        free(j);
    }
}

struct otelc__workq *
otelc__workq_new(int threads)
{
    struct otelc__workq *q = calloc(1, sizeof(*q));

    if (q == NULL)
        return NULL;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    q->threads = calloc((size_t)threads, sizeof(*q->threads));
    for (int i = 0; q->threads && i < threads; i++) {
        if (pthread_create(&q->threads[i], NULL, workq_thread, q) != 0)
            break;
        q->n_threads++;
    }
    return q;
}

int
otelc__workq_submit(struct otelc__workq *q, struct otelc__worker *home,
                    otelc_cb work, otelc_cb done, void *arg)
{
    struct job *j;

    if (q == NULL || work == NULL)
        return OTELC_E_INVALID;
    j = calloc(1, sizeof(*j));
    if (j == NULL)
        return OTELC_E_NOMEM;
    j->work = work;
    j->done = done;
    j->arg = arg;
    j->home = home;
    pthread_mutex_lock(&q->mu);
    if (q->stopping) {
        pthread_mutex_unlock(&q->mu);
        free(j);
        return OTELC_E_SHUTDOWN;
    }
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return OTELC_OK;
}

void
otelc__workq_free(struct otelc__workq *q)
{
    if (q == NULL)
        return;
    pthread_mutex_lock(&q->mu);
    q->stopping = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    for (int i = 0; i < q->n_threads; i++)
        pthread_join(q->threads[i], NULL);
    free(q->threads);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q);
}
