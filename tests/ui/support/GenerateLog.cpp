#include "GenerateLog.h"

#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>

#include <sqlite3.h>

namespace testlog {

namespace {
const char* const requestWords[] = {"alpha", "bravo",   "charlie", "delta",
                                    "echo",  "foxtrot", "golf"};
const char* const answerWords[] = {"kilo", "lima", "mike", "november", "oscar"};

struct Statement
{
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
    ~Statement() { sqlite3_finalize(stmt); }
    void text(int column, const char* s)
    {
        if (s)
            sqlite3_bind_text(stmt, column, s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(stmt, column);
    }
    void text(int column, const QByteArray& s)
    {
        sqlite3_bind_text(stmt, column, s.constData(), int(s.size()), SQLITE_TRANSIENT);
    }
    bool step()
    {
        const int rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE;
    }
    sqlite3_stmt* stmt = nullptr;
};
} // namespace

Row rowAt(const Spec& spec, qint64 i)
{
    Row r;
    r.tsMs = spec.endMs - (spec.rows - 1 - i) * spec.stepMs;
    // Model and status come from different hashes of i, so that every combination occurs.
    const qint64 m = qint64((quint64(i) * 0x9E3779B1ull >> 11) % 10);
    if (m < 4) {
        r.model = "gpt-4o-mini";
        r.backend = i % 13 == 0 ? "azure-openai" : "openai"; // a failover now and then
        r.upstreamModel = "gpt-4o-mini-2024-07-18";
    } else if (m < 6) {
        r.model = "gpt-4o";
        r.backend = "azure-openai";
        r.upstreamModel = "gpt-4o";
    } else if (m < 8) {
        r.model = "claude-sonnet";
        r.backend = "anthropic";
        r.upstreamModel = "claude-3-5-sonnet-20241022";
    } else if (m < 9) {
        r.model = "llama3-8b";
        r.backend = "ollama";
        r.upstreamModel = "llama3:8b";
    } else {
        r.model = "mistral-small";
        r.backend = "mistral";
        r.upstreamModel = "mistral-small-latest";
    }
    const qint64 s = qint64((quint64(i) * 0x85EBCA77ull >> 13) % 100);
    if (s < 89) {
        r.status = 200;
    } else if (s < 92) {
        r.status = 429;
        r.errorClass = "rate_limited";
    } else if (s < 94) {
        r.status = 400;
        r.errorClass = "invalid_request";
    } else if (s < 95) {
        r.status = 404;
        r.errorClass = "model_not_found";
    } else if (s < 97) {
        r.status = 500;
        r.errorClass = "upstream_5xx";
    } else if (s < 99) {
        r.status = 502;
        r.errorClass = "upstream_connect";
    } else {
        r.status = 504;
        r.errorClass = "upstream_timeout";
    }
    if (r.status == 400 || r.status == 404) { // rejected before routing
        r.backend = nullptr;
        r.upstreamModel = nullptr;
    }
    r.stream = i % 3 == 0;
    r.latencyMs = double(40 + (i * 7919) % 4000) + double((i * 13) % 10) / 10.0;
    r.ttftMs = r.stream && r.status == 200 ? double(15 + (i * 104729) % 800) : -1;
    r.promptTokens = 8 + (i * 31) % 2000;
    r.completionTokens = r.status == 200 ? 1 + (i * 17) % 1000 : 0;
    r.hasBodies = spec.bodiesEvery > 0 && i % spec.bodiesEvery == 0;
    r.word = requestWords[i % 7];
    r.answerWord = answerWords[(i / 7) % 5];
    return r;
}

QByteArray traceId(qint64 i)
{
    const quint64 a = quint64(i + 1) * 0x9E3779B97F4A7C15ull;
    const quint64 b = quint64(i + 7) * 0xC2B2AE3D27D4EB4Full;
    return QByteArray::number(a, 16).rightJustified(16, '0') +
           QByteArray::number(b, 16).rightJustified(16, '0');
}

QByteArray requestBody(const Spec& spec, qint64 i)
{
    const Row r = rowAt(spec, i);
    return QByteArray("{\"model\":\"") + r.model +
           "\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about " + r.word +
           " (request " + QByteArray::number(i) +
           ")\"}],\"stream\":" + (r.stream ? "true" : "false") + "}";
}

QByteArray responseBody(const Spec& spec, qint64 i)
{
    const Row r = rowAt(spec, i);
    const QByteArray id = "chatcmpl-" + QByteArray::number(i);
    if (r.stream) {
        QByteArray sse;
        for (const QByteArray& piece : {QByteArray(r.answerWord) + " ", QByteArray("says hi")})
            sse += "data: {\"id\":\"" + id +
                   "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                   "{\"content\":\"" +
                   piece + "\"}}]}\n\n";
        return sse + "data: [DONE]\n\n";
    }
    return "{\"id\":\"" + id +
           "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
           "\"assistant\",\"content\":\"" +
           r.answerWord + " says hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" +
           QByteArray::number(r.promptTokens) +
           ",\"completion_tokens\":" + QByteArray::number(r.completionTokens) + "}}";
}

QByteArray requestHeaders(qint64 i)
{
    return "host: 127.0.0.1\ncontent-type: application/json\nauthorization: ***\n"
           "x-request-number: " +
           QByteArray::number(i) + "\n";
}

bool write(const QString& dir, const Spec& spec, qint64 first, qint64 count, QString* error)
{
    const QString name = QStringLiteral("testlog-generator");
    {
        // The gateway's own migrations make the schema.
        auto db = gateway::store::Database::open(dir, name);
        if (!db) {
            *error = db.error();
            return false;
        }
    }
    gateway::store::Database::close(name);

    sqlite3* db = nullptr;
    const QByteArray path = QDir(dir).filePath(gateway::store::Database::fileName()).toLocal8Bit();
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return false;
    }
    sqlite3_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN", nullptr, nullptr,
                 nullptr);
    bool ok = true;
    {
        Statement insert(db, "INSERT INTO requests (id, ts_ms, trace_id, endpoint, model, backend,"
                             " upstream_model, status, error_class, latency_ms, ttft_ms,"
                             " prompt_tokens, completion_tokens, cost, stream)"
                             " VALUES (?,?,?,'chat.completions',?,?,?,?,?,?,?,?,?,?,?)");
        Statement bodies(db, "INSERT INTO request_bodies (request_id, request_body, response_body,"
                             " request_headers) VALUES (?,?,?,?)");
        for (qint64 i = first; ok && i < first + count; ++i) {
            const Row r = rowAt(spec, i);
            sqlite3_bind_int64(insert.stmt, 1, i + 1);
            sqlite3_bind_int64(insert.stmt, 2, r.tsMs);
            insert.text(3, traceId(i));
            insert.text(4, r.model);
            insert.text(5, r.backend);
            insert.text(6, r.upstreamModel);
            sqlite3_bind_int(insert.stmt, 7, r.status);
            insert.text(8, r.errorClass);
            sqlite3_bind_double(insert.stmt, 9, r.latencyMs);
            if (r.ttftMs >= 0)
                sqlite3_bind_double(insert.stmt, 10, r.ttftMs);
            else
                sqlite3_bind_null(insert.stmt, 10);
            sqlite3_bind_int64(insert.stmt, 11, r.promptTokens);
            sqlite3_bind_int64(insert.stmt, 12, r.completionTokens);
            sqlite3_bind_double(insert.stmt, 13,
                                double(r.promptTokens + r.completionTokens) * 1e-6);
            sqlite3_bind_int(insert.stmt, 14, r.stream ? 1 : 0);
            ok = insert.step();
            if (ok && r.hasBodies) {
                sqlite3_bind_int64(bodies.stmt, 1, i + 1);
                bodies.text(2, requestBody(spec, i));
                bodies.text(3, responseBody(spec, i));
                bodies.text(4, requestHeaders(i));
                ok = bodies.step();
            }
        }
    }
    if (!ok)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return ok;
}

bool ensure(const QString& dir, const Spec& spec, QString* error, bool* reused)
{
    const QString file = QDir(dir).filePath(gateway::store::Database::fileName());
    if (reused)
        *reused = false;
    if (QFile::exists(file)) {
        bool same = false;
        {
            const QString name = QStringLiteral("testlog-check");
            auto db = gateway::store::Database::open(dir, name, true);
            if (db) {
                QSqlQuery q(db.value());
                same = q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM requests),"
                                             " (SELECT MAX(ts_ms) FROM requests),"
                                             " (SELECT MAX(version) FROM schema_version)")) &&
                       q.next() && q.value(0).toLongLong() == spec.rows &&
                       q.value(1).toLongLong() == spec.endMs &&
                       q.value(2).toInt() == gateway::store::Database::schemaVersion;
                // A few sample rows must be what rowAt() says now (the generator may change).
                for (qint64 i : {qint64(0), spec.rows / 3, spec.rows - 1}) {
                    const Row r = rowAt(spec, i);
                    same = same &&
                           q.exec(QStringLiteral("SELECT model, status, latency_ms, trace_id FROM "
                                                 "requests WHERE id = %1")
                                      .arg(i + 1)) &&
                           q.next() && q.value(0).toString() == QLatin1String(r.model) &&
                           q.value(1).toInt() == r.status && q.value(2).toDouble() == r.latencyMs &&
                           q.value(3).toByteArray() == traceId(i);
                }
            }
        }
        gateway::store::Database::close(QStringLiteral("testlog-check"));
        if (same) {
            if (reused)
                *reused = true;
            return true;
        }
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(file + suffix);
    }
    return write(dir, spec, 0, spec.rows, error);
}

} // namespace testlog
