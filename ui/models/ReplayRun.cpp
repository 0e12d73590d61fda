#include "models/ReplayRun.h"

#include "store/Attempts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <vector>

namespace ui {

namespace {

QLatin1String key(const char* name)
{
    return QLatin1String(name);
}

QJsonValue numberOrNull(double value, double unknown)
{
    return value == unknown ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

// Choice 0 of a response or chunk: a request with "n" > 1 streams the other choices too, and
// the replay compares the first answer only.
QJsonObject firstChoice(const QJsonObject& object)
{
    for (const QJsonValue& v : object.value(key("choices")).toArray()) {
        const QJsonObject choice = v.toObject();
        if (choice.value(key("index")).toInt(0) == 0)
            return choice;
    }
    return QJsonObject();
}

// The text of one chunk: chat deltas (OpenAI chat.completion.chunk), or legacy completions.
QString chunkText(const QJsonObject& chunk)
{
    const QJsonObject choice = firstChoice(chunk);
    const QJsonValue delta = choice.value(key("delta")).toObject().value(key("content"));
    if (delta.isString())
        return delta.toString();
    return choice.value(key("text")).toString();
}

// The message of an OpenAI error object {"error": {"message": …}}; some servers send a bare
// string as the error.
QString errorMessage(const QJsonValue& error)
{
    if (error.isString())
        return error.toString();
    const QString message = error.toObject().value(key("message")).toString();
    return message.isEmpty()
               ? QString::fromUtf8(QJsonDocument(error.toObject()).toJson(QJsonDocument::Compact))
               : message;
}

} // namespace

QJsonObject ReplayResult::toJson() const
{
    return QJsonObject{
        {key("target"), target},
        {key("text"), text},
        {key("status"), status},
        {key("error"), error},
        {key("latency_ms"), numberOrNull(latencyMs, -1)},
        {key("ttft_ms"), numberOrNull(ttftMs, -1)},
        {key("prompt_tokens"),
         promptTokens < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(promptTokens)},
        {key("completion_tokens"),
         completionTokens < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(completionTokens)},
        {key("trace_id"), traceId},
        {key("attempts"),
         QJsonDocument::fromJson(gateway::store::attemptsToJson(attempts)).array()},
    };
}

ReplayResult ReplayResult::fromJson(const QJsonObject& object)
{
    ReplayResult r;
    r.target = object.value(key("target")).toString();
    r.text = object.value(key("text")).toString();
    r.status = object.value(key("status")).toInt();
    r.error = object.value(key("error")).toString();
    r.latencyMs = object.value(key("latency_ms")).toDouble(-1);
    r.ttftMs = object.value(key("ttft_ms")).toDouble(-1);
    r.promptTokens = object.value(key("prompt_tokens")).toInteger(-1);
    r.completionTokens = object.value(key("completion_tokens")).toInteger(-1);
    r.traceId = object.value(key("trace_id")).toString();
    r.attempts = gateway::store::attemptsFromJson(
        QJsonDocument(object.value(key("attempts")).toArray()).toJson(QJsonDocument::Compact));
    r.finished = true;
    return r;
}

ReplayRun::ReplayRun(const QString& target, QObject* parent)
    // One event is one chunk of a few tokens; 1 MiB is far beyond any real one.
    : QObject(parent), m_decoder(1024 * 1024)
{
    m_result.target = target;
}

ReplayRun::~ReplayRun()
{
    cancelReply();
}

QJsonObject ReplayRun::streamingBody(const QJsonObject& original, const QString& target)
{
    QJsonObject body = original;
    body.insert(key("model"), target);
    body.insert(key("stream"), true);
    QJsonObject options = body.value(key("stream_options")).toObject();
    options.insert(key("include_usage"), true);
    body.insert(key("stream_options"), options);
    return body;
}

QString ReplayRun::answerText(const QByteArray& body, QString* error)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
    };
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        fail(tr("No answer was recorded."));
        return QString();
    }
    const QString cut = tr("The recorded answer is cut short: bodies longer than "
                           "logging.maxBodyBytes are cut.");
    if (trimmed.startsWith('{')) {
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(trimmed, &parseError).object();
        if (parseError.error != QJsonParseError::NoError) {
            fail(cut);
            return QString();
        }
        if (object.contains(key("error"))) {
            fail(errorMessage(object.value(key("error"))));
            return QString();
        }
        const QJsonObject choice = firstChoice(object);
        const QJsonValue content = choice.value(key("message")).toObject().value(key("content"));
        return content.isString() ? content.toString() : choice.value(key("text")).toString();
    }
    if (!trimmed.startsWith("data:") && !trimmed.startsWith("event:") && !trimmed.startsWith(':')) {
        fail(tr("The recorded answer is neither JSON nor a stream of events."));
        return QString();
    }
    gateway::http::SseDecoder decoder(body.size() + 1);
    std::vector<gateway::http::SseDecoder::Event> events;
    decoder.feed(body.constData(), size_t(body.size()), events);
    decoder.finish(events);
    QString text;
    bool done = false;
    for (const auto& event : events) {
        if (event.data == "[DONE]") {
            done = true;
            continue;
        }
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(event.data, &parseError).object();
        if (parseError.error != QJsonParseError::NoError) {
            fail(cut);
            return text;
        }
        if (object.contains(key("error"))) {
            fail(errorMessage(object.value(key("error"))));
            return text;
        }
        text += chunkText(object);
    }
    if (!done)
        fail(cut);
    return text;
}

void ReplayRun::start(QNetworkRequest request, const QJsonObject& originalBody)
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        // The gateway is on this machine: a system proxy must not be in the way.
        m_network->setProxy(QNetworkProxy::NoProxy);
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream");
    const QByteArray payload =
        QJsonDocument(streamingBody(originalBody, m_result.target)).toJson(QJsonDocument::Compact);
    m_timer.start();
    m_reply = m_network->post(request, payload);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ReplayRun::onHeaders);
    connect(m_reply, &QNetworkReply::readyRead, this, &ReplayRun::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ReplayRun::onFinished);
}

void ReplayRun::setAttempts(const std::vector<gateway::store::Attempt>& attempts)
{
    m_result.attempts = attempts;
    emit updated();
}

void ReplayRun::abort()
{
    if (m_result.finished)
        return;
    cancelReply();
    finish(tr("Stopped"));
}

void ReplayRun::cancelReply()
{
    if (!m_reply)
        return;
    // Disconnected first: abort() emits finished() synchronously.
    m_reply->disconnect(this);
    m_reply->abort();
    m_reply->deleteLater();
    m_reply.clear();
}

double ReplayRun::elapsedMs() const
{
    return m_timer.isValid() ? double(m_timer.nsecsElapsed()) / 1e6 : 0.0;
}

void ReplayRun::onHeaders()
{
    m_result.status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.traceId = QString::fromLatin1(m_reply->rawHeader("x-request-id"));
    m_streaming = m_result.status == 200 && m_reply->header(QNetworkRequest::ContentTypeHeader)
                                                .toString()
                                                .contains(QLatin1String("text/event-stream"));
    emit updated();
}

void ReplayRun::onReadyRead()
{
    if (m_result.finished)
        return;
    const QByteArray bytes = m_reply->readAll();
    m_received += bytes.size();
    if (m_received > maxResponseBytes) {
        cancelReply();
        finish(tr("The answer is larger than %1 MiB and was cut off.")
                   .arg(maxResponseBytes / (1024 * 1024)));
        return;
    }
    if (m_streaming)
        feed(bytes);
    else
        m_body += bytes;
}

void ReplayRun::feed(QByteArrayView bytes)
{
    if (m_result.finished)
        return;
    if (!m_timer.isValid())
        m_timer.start();
    if (m_result.status == 0)
        m_result.status = 200;
    std::vector<gateway::http::SseDecoder::Event> events;
    const bool ok = m_decoder.feed(bytes.data(), size_t(bytes.size()), events);
    for (const auto& event : events)
        handleEvent(event.data);
    if (!ok) {
        cancelReply();
        finish(tr("The stream sent an event larger than 1 MiB; the answer was cut off."));
    }
}

void ReplayRun::handleEvent(const QByteArray& data)
{
    if (data == "[DONE]") {
        m_done = true;
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    if (object.isEmpty())
        return; // not JSON, or an empty object: nothing to show
    if (object.contains(key("error"))) {
        // The gateway cuts the stream after this event: a partial answer must not pass for a
        // whole one.
        m_inStreamError = true;
        m_result.error = errorMessage(object.value(key("error")));
        emit updated();
        return;
    }
    bool changed = false;
    const QString text = chunkText(object);
    if (!text.isEmpty()) {
        if (m_result.ttftMs < 0)
            m_result.ttftMs = elapsedMs();
        m_result.text += text;
        changed = true;
    }
    const QJsonObject usage = object.value(key("usage")).toObject();
    if (!usage.isEmpty()) {
        m_result.promptTokens = usage.value(key("prompt_tokens")).toInteger(-1);
        m_result.completionTokens = usage.value(key("completion_tokens")).toInteger(-1);
        changed = true;
    }
    if (changed)
        emit updated();
}

void ReplayRun::endOfStream()
{
    std::vector<gateway::http::SseDecoder::Event> events;
    m_decoder.finish(events);
    for (const auto& event : events)
        handleEvent(event.data);
    if (!m_done && !m_inStreamError)
        finish(tr("The stream ended without [DONE]: the answer may be incomplete."));
    else
        finish(QString());
}

void ReplayRun::onFinished()
{
    if (m_result.finished || !m_reply)
        return;
    QNetworkReply* reply = m_reply;
    m_reply.clear();
    reply->deleteLater();
    reply->disconnect(this);
    m_result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_streaming) {
        // A connection lost mid-stream is the network's error; a cut stream is endOfStream's.
        if (reply->error() != QNetworkReply::NoError && !m_inStreamError) {
            finish(reply->errorString());
            return;
        }
        endOfStream();
        return;
    }
    if (m_result.status == 0) {
        finish(reply->errorString()); // no answer at all: refused, reset, DNS …
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(m_body).object();
    if (m_result.status != 200) {
        const QString message = object.contains(key("error"))
                                    ? errorMessage(object.value(key("error")))
                                    : reply->errorString();
        finish(message);
        return;
    }
    // A 200 that is not a stream: a backend that ignored "stream"; read it whole.
    QString error;
    m_result.text = answerText(m_body, &error);
    const QJsonObject usage = object.value(key("usage")).toObject();
    if (!usage.isEmpty()) {
        m_result.promptTokens = usage.value(key("prompt_tokens")).toInteger(-1);
        m_result.completionTokens = usage.value(key("completion_tokens")).toInteger(-1);
    }
    if (!m_result.text.isEmpty())
        m_result.ttftMs = elapsedMs();
    finish(error);
}

void ReplayRun::finish(const QString& error)
{
    if (m_result.finished)
        return;
    if (m_result.error.isEmpty())
        m_result.error = error;
    m_result.latencyMs = elapsedMs();
    m_result.finished = true;
    emit updated();
    emit finished();
}

} // namespace ui
