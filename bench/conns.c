/*
 * conns: many HTTP/1.1 client connections at once, for bench/run.sh (modes idle and streams).
 * One thread, one epoll loop, non-blocking connects opened at a controlled rate so that the
 * server's listen backlog is not what is measured.
 *
 *   conns hold   -u http://IP:PORT/path -b body.json -n N [-R PER_S] [-T SECONDS] [-H 'K: V']...
 *       Opens N keep-alive connections, sends one POST on each and reads its answer to the end,
 *       prints "HOLD_READY {...}" once every connection has been answered (or has failed), then
 *       keeps them open and idle until SIGTERM/SIGINT or -T seconds (default 120). At exit it
 *       prints "HOLD_JSON {...}" with how many the server closed while they were held.
 *
 *   conns stream -u http://IP:PORT/path -b sse.json -n N [-R PER_S] [-T SECONDS] [-H 'K: V']...
 *       Opens N connections, each sends one POST (a streaming body) and reads the chunked SSE
 *       answer. A stream is complete when it had status 200, carried "data: [DONE]" and ended
 *       (last chunk). Stops when every stream has ended or -T seconds (default 60) after the
 *       start; prints "STREAMS_JSON {...}" (times in ms from the first connect).
 *
 * -R is the connect rate per second (default 10000), issued in 10 ms slices. The soft limit on
 * open files is raised to the hard one. Build: cc -O2 -Wall -o conns conns.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum cst { C_NEW, C_CONNECTING, C_SENDING, C_HEAD, C_BODY, C_IDLE, C_DONE, C_FAILED };
enum body { B_LENGTH, B_CHUNKED, B_EOF };
enum chunk { K_SIZE, K_DATA, K_DATA_CRLF, K_TRAILER };

struct conn {
  int fd;
  enum cst st;
  size_t sent;
  char *head;
  size_t head_len;
  int status;
  enum body bmode;
  enum chunk kst;
  uint64_t remaining; /* B_LENGTH: body bytes left; K_DATA: chunk bytes left */
  uint64_t chunk_size;
  int line_len;       /* K_SIZE / K_TRAILER: characters on the current line */
  int size_digits;
  int match;          /* bytes of "data: [DONE]" matched so far */
  int saw_done;
  uint64_t t_start, t_head, t_end; /* us since the run's start */
};

static const char DONE_PAT[] = "data: [DONE]";
static char *req;
static size_t req_len;
static struct sockaddr_in addr;
static volatile sig_atomic_t stop_flag;
static char first_error[128];

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000ull + (uint64_t)ts.tv_nsec / 1000;
}

static void on_signal(int s) {
  (void)s;
  stop_flag = 1;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void note_error(const char *what, int err) {
  if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s: %s", what, strerror(err));
}

static void body_bytes(struct conn *c, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char ch = p[i];
    if (ch == DONE_PAT[c->match]) {
      if (++c->match == (int)sizeof DONE_PAT - 1) {
        c->saw_done = 1;
        c->match = 0;
      }
    } else {
      c->match = ch == DONE_PAT[0] ? 1 : 0; /* the pattern does not overlap itself */
    }
  }
}

/* Feeds response body bytes; returns 1 when the message has ended. */
static int feed_body(struct conn *c, const char *p, size_t n) {
  if (c->bmode == B_EOF) {
    body_bytes(c, p, n);
    return 0;
  }
  if (c->bmode == B_LENGTH) {
    size_t take = n < c->remaining ? n : (size_t)c->remaining;
    body_bytes(c, p, take);
    c->remaining -= take;
    return c->remaining == 0;
  }
  size_t i = 0;
  while (i < n) {
    switch (c->kst) {
    case K_SIZE: {
      char ch = p[i++];
      if (ch == '\n') {
        if (c->chunk_size == 0 && c->size_digits > 0) {
          c->kst = K_TRAILER;
          c->line_len = 0;
        } else {
          c->remaining = c->chunk_size;
          c->kst = K_DATA;
        }
        c->chunk_size = 0;
        c->size_digits = 0;
        c->line_len = 0;
      } else if (c->line_len >= 0) {
        int v = ch >= '0' && ch <= '9' ? ch - '0'
              : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (v >= 0) {
          c->chunk_size = c->chunk_size * 16 + (uint64_t)v;
          c->size_digits++;
        } else {
          c->line_len = -1; /* extension or CR: ignore the rest of the line */
        }
      }
      break;
    }
    case K_DATA: {
      size_t take = n - i < c->remaining ? n - i : (size_t)c->remaining;
      body_bytes(c, p + i, take);
      i += take;
      c->remaining -= take;
      if (c->remaining == 0) {
        c->kst = K_DATA_CRLF;
        c->remaining = 2;
      }
      break;
    }
    case K_DATA_CRLF:
      i++;
      if (--c->remaining == 0) c->kst = K_SIZE;
      break;
    case K_TRAILER: {
      char ch = p[i++];
      if (ch == '\n') {
        if (c->line_len == 0) return 1;
        c->line_len = 0;
      } else if (ch != '\r') {
        c->line_len++;
      }
      break;
    }
    }
  }
  return 0;
}

/* Parses the head once it is complete; returns -1 on a malformed head, else 0. */
static int parse_head(struct conn *c, uint64_t t) {
  c->t_head = t;
  c->status = atoi(c->head + 9);
  c->bmode = B_EOF;
  char *end = strstr(c->head, "\r\n\r\n");
  for (char *line = strstr(c->head, "\r\n") + 2; line < end;) {
    char *eol = strstr(line, "\r\n");
    if (!strncasecmp(line, "Content-Length:", 15)) {
      c->bmode = B_LENGTH;
      c->remaining = strtoull(line + 15, NULL, 10);
    } else if (!strncasecmp(line, "Transfer-Encoding:", 18)) {
      char save = *eol;
      *eol = 0;
      if (strcasestr(line, "chunked")) c->bmode = B_CHUNKED;
      *eol = save;
    }
    line = eol + 2;
  }
  c->kst = K_SIZE;
  return strncmp(c->head, "HTTP/1.", 7) ? -1 : 0;
}

static void fail(int ep, struct conn *c, uint64_t t) {
  if (c->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
  }
  free(c->head);
  c->head = NULL;
  c->st = C_FAILED;
  c->t_end = t;
}

int main(int argc, char **argv) {
  if (argc < 2 || (strcmp(argv[1], "hold") && strcmp(argv[1], "stream"))) {
  usage:
    fprintf(stderr, "usage: conns hold|stream -u http://IP:PORT/path -b body.json -n N [-R PER_S] "
                    "[-T SECONDS] [-H 'K: V']...\n");
    return 2;
  }
  int hold = !strcmp(argv[1], "hold");
  const char *url = NULL, *bodyf = NULL;
  long n = 0;
  double rate = 10000, limit_s = hold ? 120 : 60;
  char hdrs[4096] = "";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "-u")) url = argv[i + 1];
    else if (!strcmp(argv[i], "-b")) bodyf = argv[i + 1];
    else if (!strcmp(argv[i], "-n")) n = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "-R")) rate = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "-T")) limit_s = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "-H")) {
      strncat(hdrs, argv[i + 1], sizeof hdrs - strlen(hdrs) - 3);
      strcat(hdrs, "\r\n");
    } else goto usage;
  }
  if (!url || !bodyf || n < 1 || rate <= 0 || strncmp(url, "http://", 7)) goto usage;

  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  getrlimit(RLIMIT_NOFILE, &rl);
  if ((long)rl.rlim_cur < n + 16) {
    fprintf(stderr, "conns: open-file limit %ld is too low for %ld connections\n", (long)rl.rlim_cur, n);
    return 2;
  }

  char host[64], path[1024];
  const char *hp = url + 7, *slash = strchr(hp, '/');
  const char *colon = memchr(hp, ':', slash ? (size_t)(slash - hp) : strlen(hp));
  size_t hl = colon ? (size_t)(colon - hp) : (slash ? (size_t)(slash - hp) : strlen(hp));
  if (hl >= sizeof host) goto usage;
  memcpy(host, hp, hl);
  host[hl] = 0;
  int port = colon ? atoi(colon + 1) : 80;
  snprintf(path, sizeof path, "%s", slash ? slash : "/");
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "conns: host must be an IPv4 literal\n");
    return 2;
  }
  FILE *f = fopen(bodyf, "rb");
  if (!f) {
    perror(bodyf);
    return 2;
  }
  static char body[1 << 20];
  size_t blen = fread(body, 1, sizeof body, f);
  fclose(f);
  while (blen && (body[blen - 1] == '\n' || body[blen - 1] == '\r' || body[blen - 1] == ' ')) blen--;
  int rl_ = asprintf(&req,
                     "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                     "Accept: */*\r\n%sContent-Length: %zu\r\n\r\n%.*s",
                     path, host, port, hdrs, blen, (int)blen, body);
  if (rl_ < 0) return 2;
  req_len = (size_t)rl_;

  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct conn *cs = calloc((size_t)n, sizeof *cs);
  for (long i = 0; i < n; i++) cs[i].fd = -1;
  int ep = epoll_create1(0);
  static char buf[1 << 16];
  struct epoll_event evs[512];

  uint64_t t0 = now_us(), deadline = t0 + (uint64_t)(limit_s * 1e6);
  uint64_t slice_us = 10000;
  long per_slice = (long)(rate * slice_us / 1e6 + 0.5);
  if (per_slice < 1) per_slice = 1;
  long opened = 0, ended = 0, connected = 0, heads_open = 0, max_heads_open = 0;
  long open_now = 0, max_open = 0;
  uint64_t ramp_us = 0, connected_us = 0, ready_us = 0, next_slice = t0;
  int ready = 0;
  long closed_by_peer = 0;

  while (!stop_flag) {
    uint64_t t = now_us();
    if (t >= deadline) break;
    /* Open the next slice of connections. */
    while (opened < n && t >= next_slice) {
      for (long k = 0; k < per_slice && opened < n; k++) {
        struct conn *c = &cs[opened++];
        c->t_start = now_us() - t0;
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (c->fd < 0) {
          note_error("socket", errno);
          fail(ep, c, c->t_start);
          ended++;
          continue;
        }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
          note_error("connect", errno);
          fail(ep, c, c->t_start);
          ended++;
          continue;
        }
        c->st = C_CONNECTING;
        open_now++;
        if (open_now > max_open) max_open = open_now;
        struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
      }
      next_slice += slice_us;
      if (opened == n) ramp_us = now_us() - t0;
    }
    if (!hold && ended == n) break;
    if (hold && !ready && ended == n) {
      ready = 1;
      ready_us = now_us() - t0;
      long ok = 0, failed = 0;
      for (long i = 0; i < n; i++) cs[i].st == C_IDLE && cs[i].status == 200 ? ok++ : failed++;
      printf("HOLD_READY {\"n\":%ld,\"idle\":%ld,\"failed\":%ld,\"ramp_ms\":%.0f,\"ready_ms\":%.0f,"
             "\"first_error\":\"%s\"}\n",
             n, ok, failed, ramp_us / 1e3, ready_us / 1e3, first_error);
      fflush(stdout);
    }
    int timeout = 100;
    if (opened < n) {
      uint64_t now = now_us();
      timeout = next_slice > now ? (int)((next_slice - now + 999) / 1000) : 0;
    }
    int m = epoll_wait(ep, evs, 512, timeout);
    if (m < 0) {
      if (errno == EINTR) continue;
      perror("epoll_wait");
      return 1;
    }
    t = now_us() - t0;
    for (int i = 0; i < m; i++) {
      struct conn *c = evs[i].data.ptr;
      uint32_t e = evs[i].events;
      if (c->st == C_CONNECTING) {
        int err = 0;
        socklen_t el = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
        if (err) {
          note_error("connect", err);
          fail(ep, c, t);
          open_now--;
          ended++;
          continue;
        }
        if (++connected == n) connected_us = t;
        c->st = C_SENDING;
      }
      if (c->st == C_SENDING && (e & EPOLLOUT)) {
        ssize_t w = send(c->fd, req + c->sent, req_len - c->sent, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN) {
          note_error("send", errno);
          fail(ep, c, t);
          open_now--;
          ended++;
          continue;
        }
        if (w > 0) c->sent += (size_t)w;
        if (c->sent == req_len) {
          c->st = C_HEAD;
          struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (!(e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) continue;
      for (;;) {
        ssize_t r = recv(c->fd, buf, sizeof buf, 0);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
        if (r <= 0) { /* closed or reset */
          if (c->st == C_IDLE) {
            closed_by_peer++;
            c->st = C_DONE; /* it was answered; the server closed it later */
            close(c->fd);
            c->fd = -1;
          } else if (c->st == C_BODY && c->bmode == B_EOF) {
            c->st = C_DONE;
            c->t_end = t;
            close(c->fd);
            c->fd = -1;
            heads_open--;
            ended++;
          } else {
            if (r < 0) note_error("recv", errno);
            else note_error("recv", ECONNRESET);
            if (c->st == C_BODY) heads_open--;
            fail(ep, c, t);
            ended++;
          }
          open_now--;
          break;
        }
        size_t off = 0;
        if (c->st == C_HEAD) {
          if (!c->head) c->head = malloc(8193);
          size_t take = (size_t)r < 8192 - c->head_len ? (size_t)r : 8192 - c->head_len;
          memcpy(c->head + c->head_len, buf, take);
          size_t before = c->head_len;
          c->head_len += take;
          c->head[c->head_len] = 0;
          char *he = strstr(c->head, "\r\n\r\n");
          if (!he) {
            if (c->head_len == 8192) {
              note_error("head", EMSGSIZE);
              fail(ep, c, t);
              open_now--;
              ended++;
              break;
            }
            continue;
          }
          size_t hlen = (size_t)(he - c->head) + 4;
          off = hlen - before;
          if (parse_head(c, t) < 0) {
            note_error("head", EPROTO);
            fail(ep, c, t);
            open_now--;
            ended++;
            break;
          }
          free(c->head);
          c->head = NULL;
          c->st = C_BODY;
          if (++heads_open > max_heads_open) max_heads_open = heads_open;
          if (c->bmode == B_LENGTH && c->remaining == 0) goto message_end;
        }
        if (c->st == C_BODY && off < (size_t)r && feed_body(c, buf + off, (size_t)r - off)) {
        message_end:
          c->t_end = t;
          heads_open--;
          ended++;
          if (hold) {
            c->st = C_IDLE; /* kept open, idle, to see whether the server closes it */
          } else {
            c->st = C_DONE;
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            close(c->fd);
            c->fd = -1;
            open_now--;
          }
          break;
        }
        if (c->st == C_IDLE) { /* bytes on an idle connection: unexpected, keep reading */
          continue;
        }
      }
    }
  }
  uint64_t t_stop = now_us() - t0;

  if (hold) {
    long still = 0;
    for (long i = 0; i < n; i++)
      if (cs[i].st == C_IDLE) still++;
    printf("HOLD_JSON {\"n\":%ld,\"ready\":%d,\"ready_ms\":%.0f,\"held_ms\":%.0f,\"still_open\":%ld,"
           "\"closed_by_peer\":%ld,\"first_error\":\"%s\"}\n",
           n, ready, ready_us / 1e3, ready ? (t_stop - ready_us) / 1e3 : 0.0, still, closed_by_peer,
           first_error);
    return ready ? 0 : 1;
  }

  long complete = 0, non200 = 0, no_done = 0, errors = 0, unfinished = 0, k = 0;
  uint64_t first_done = 0, last_done = 0;
  uint64_t *dur = malloc((size_t)n * sizeof *dur), *ttfb = malloc((size_t)n * sizeof *ttfb);
  long kh = 0;
  for (long i = 0; i < n; i++) {
    struct conn *c = &cs[i];
    if (c->t_head) ttfb[kh++] = c->t_head - c->t_start;
    if (c->st == C_DONE) {
      if (c->status != 200) non200++;
      else if (!c->saw_done) no_done++;
      else {
        complete++;
        dur[k++] = c->t_end - c->t_start;
        if (!first_done || c->t_end < first_done) first_done = c->t_end;
        if (c->t_end > last_done) last_done = c->t_end;
      }
    } else if (c->st == C_FAILED) {
      errors++;
    } else {
      unfinished++;
    }
  }
  qsort(dur, (size_t)k, sizeof *dur, cmp_u64);
  qsort(ttfb, (size_t)kh, sizeof *ttfb, cmp_u64);
  printf("STREAMS_JSON {\"n\":%ld,\"complete\":%ld,\"non200\":%ld,\"no_done\":%ld,\"errors\":%ld,"
         "\"unfinished\":%ld,\"ramp_ms\":%.0f,\"all_connected_ms\":%.0f,\"max_open\":%ld,"
         "\"max_streaming\":%ld,\"first_done_ms\":%.0f,\"last_done_ms\":%.0f,\"stopped_ms\":%.0f,"
         "\"head_p50_ms\":%.0f,\"head_max_ms\":%.0f,\"stream_p50_ms\":%.0f,\"stream_max_ms\":%.0f,"
         "\"first_error\":\"%s\"}\n",
         n, complete, non200, no_done, errors, unfinished, ramp_us / 1e3, connected_us / 1e3, max_open,
         max_heads_open, first_done / 1e3, last_done / 1e3, t_stop / 1e3,
         kh ? ttfb[kh / 2] / 1e3 : 0.0, kh ? ttfb[kh - 1] / 1e3 : 0.0, k ? dur[k / 2] / 1e3 : 0.0,
         k ? dur[k - 1] / 1e3 : 0.0, first_error);
  return complete == n ? 0 : 1;
}
