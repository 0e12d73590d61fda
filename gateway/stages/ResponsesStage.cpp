#include "stages/ResponsesStage.h"

#include "api/JsonText.h"
#include "api/responses/ResponsesDialect.h"
#include "api/responses/ResponsesEncoder.h"
#include "governance/Principal.h"
#include "pipeline/RequestContext.h"
#include "store/ResponseStore.h"

#include <QUrlQuery>

#include <simdjson.h>

namespace gateway::stages {

namespace {

// The tenant whose responses a request may see (store::StoredResponse::owner).
QByteArray ownerOf(const pipeline::RequestContext& ctx)
{
    return ctx.principal ? ctx.principal->tenant.toUtf8() : QByteArray();
}

using api::ResponsesDialect;
namespace dom = simdjson::dom;

dom::parser& threadParser()
{
    thread_local dom::parser parser;
    return parser;
}

// The elements of a JSON array text without its brackets ("a,b"), empty for "[]".
QByteArrayView arrayBody(const QByteArray& array)
{
    const QByteArrayView trimmed = QByteArrayView(array).trimmed();
    if (trimmed.size() < 2)
        return {};
    return trimmed.sliced(1, trimmed.size() - 2).trimmed();
}

// Arrays joined into one: "[a]", "[b,c]" -> "[a,b,c]".
QByteArray joined(std::initializer_list<QByteArrayView> arrays)
{
    QByteArray out = "[";
    for (QByteArrayView a : arrays) {
        if (a.isEmpty())
            continue;
        if (out.size() > 1)
            out += ',';
        out += a;
    }
    return out + ']';
}

// What the request's path names: the response id and whether input_items are asked for.
// False when the rest of the path is not one (no id, or more segments).
bool storedTarget(const QByteArray& path, QByteArray* id, bool* inputItems)
{
    static const QByteArray marker = "/responses/";
    const qsizetype at = path.indexOf(marker);
    if (at < 0)
        return false;
    QByteArray rest = path.mid(at + marker.size());
    *inputItems = rest.endsWith("/input_items");
    if (*inputItems)
        rest.chop(12);
    *id = QByteArray::fromPercentEncoding(rest);
    return !id->isEmpty() && !id->contains('/');
}

} // namespace

ResponsesStage::ResponsesStage(state::StageCounters& counters)
    : m_stored(counters.counter("stored")), m_continued(counters.counter("continued")),
      m_notFound(counters.counter("not_found")), m_deleted(counters.counter("deleted"))
{}

pipeline::Verdict ResponsesStage::onRequest(pipeline::RequestContext& ctx) const
{
    if (ctx.dialect != &ResponsesDialect::instance())
        return pipeline::Verdict::Continue;
    if (ctx.request.endpoint != api::Endpoint::ChatCompletions)
        return answerStored(ctx);
    return continueFrom(ctx);
}

pipeline::Verdict ResponsesStage::continueFrom(pipeline::RequestContext& ctx) const
{
    const api::ResponsesRequest* data = ResponsesDialect::requestData(ctx.request);
    if (!data || data->previousResponseId.isEmpty())
        return pipeline::Verdict::Continue;
    const QByteArray id = data->previousResponseId.toUtf8();
    std::optional<store::StoredResponse> previous;
    if (ctx.services->responses)
        previous = ctx.services->responses->get(id);
    if (previous && previous->owner != ownerOf(ctx))
        previous.reset(); // another tenant's: as if it did not exist
    if (!previous) {
        m_notFound.fetch_add(1, std::memory_order_relaxed);
        ctx.replyError(404, "previous_response_not_found",
                       "Previous response with id '" + id + "' not found.",
                       "previous_response_not_found", "previous_response_id");
        return pipeline::Verdict::Reply;
    }
    // The conversation so far, then the new turn. Nothing else carries over: instructions,
    // tools and sampling come from this request (OpenAI API reference, "instructions").
    auto resolved = std::make_shared<api::ResponsesRequest>(*data);
    const QByteArray output = outputItems(previous->response);
    resolved->inputItems =
        joined({arrayBody(previous->inputItems), arrayBody(output), arrayBody(data->inputItems)});
    ctx.request.dialectData = std::move(resolved);
    m_continued.fetch_add(1, std::memory_order_relaxed);
    return pipeline::Verdict::Continue;
}

void ResponsesStage::onResponseEvent(pipeline::RequestContext& ctx, api::ResponseEvent& event) const
{
    // Stored before the encoder writes the answer's last bytes: a client that continues from
    // it at once finds it (the store shows it to readers as soon as it is queued).
    if (event.type != api::ResponseEvent::Type::End || !ctx.services->responses)
        return;
    const api::ResponsesRequest* data = ResponsesDialect::requestData(ctx.request);
    if (!data || !data->store)
        return;
    auto* encoder = static_cast<api::ResponsesEncoder*>(ctx.encoder.get());
    store::StoredResponse stored;
    stored.id = ResponsesDialect::responseId(ctx.traceId);
    stored.response = encoder->finalResponse();
    stored.inputItems = data->inputItems;
    stored.owner = ownerOf(ctx);
    ctx.services->responses->put(std::move(stored));
    m_stored.fetch_add(1, std::memory_order_relaxed);
}

pipeline::Verdict ResponsesStage::answerStored(pipeline::RequestContext& ctx) const
{
    QByteArray id;
    bool inputItems = false;
    if (!storedTarget(ctx.http->path, &id, &inputItems) ||
        (inputItems && ctx.request.endpoint != api::Endpoint::ResponseRetrieve)) {
        ctx.replyError(404, "not_found",
                       "Invalid URL (" + ctx.http->method + " " + ctx.http->path + ")");
        return pipeline::Verdict::Reply;
    }
    if (inputItems)
        ctx.request.endpoint = api::Endpoint::ResponseInputItems;
    store::ResponseStore* responses = ctx.services->responses;
    std::optional<store::StoredResponse> stored;
    if (responses)
        stored = responses->get(id);
    if (stored && stored->owner != ownerOf(ctx))
        stored.reset(); // another tenant's: as if it did not exist
    if (ctx.request.endpoint == api::Endpoint::ResponseDelete) {
        if (stored && responses->remove(id)) {
            m_deleted.fetch_add(1, std::memory_order_relaxed);
            ctx.replyStatus = 200;
            ctx.replyBody =
                "{\"id\":" + api::jsonString(id) + ",\"object\":\"response\",\"deleted\":true}";
            return pipeline::Verdict::Reply;
        }
        stored.reset();
    }
    if (!stored) {
        m_notFound.fetch_add(1, std::memory_order_relaxed);
        ctx.replyError(404, "response_not_found", "Response with id '" + id + "' not found.",
                       nullptr, nullptr);
        return pipeline::Verdict::Reply;
    }
    ctx.replyStatus = 200;
    if (!inputItems) {
        ctx.replyBody = stored->response;
        return pipeline::Verdict::Reply;
    }

    // GET /v1/responses/{id}/input_items: a list object (OpenAI API reference, "List input
    // items"): limit 1..100 (20), order "desc" (default, newest first) or "asc", after and
    // before an item id.
    const qsizetype question = ctx.http->target.indexOf('?');
    const QUrlQuery query(question < 0 ? QString()
                                       : QString::fromUtf8(ctx.http->target.mid(question + 1)));
    const QString order = query.queryItemValue(QStringLiteral("order"));
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    bool limitOk = true;
    const int limit = limitText.isEmpty() ? 20 : limitText.toInt(&limitOk);
    if (!limitOk || limit < 1 || limit > 100) {
        ctx.replyError(400, "invalid_request",
                       "Invalid 'limit': expected an integer from 1 to 100.", nullptr, "limit");
        return pipeline::Verdict::Reply;
    }
    if (!order.isEmpty() && order != QLatin1String("asc") && order != QLatin1String("desc")) {
        ctx.replyError(400, "invalid_request", "Invalid 'order': expected 'asc' or 'desc'.",
                       nullptr, "order");
        return pipeline::Verdict::Reply;
    }
    QList<ListedItem> items = listedItems(id, stored->inputItems);
    if (order != QLatin1String("asc"))
        std::reverse(items.begin(), items.end());
    QList<QByteArray> ids;
    for (const ListedItem& item : items)
        ids << item.id;
    qsizetype from = 0;
    qsizetype to = items.size();
    const QByteArray after = query.queryItemValue(QStringLiteral("after")).toUtf8();
    const QByteArray before = query.queryItemValue(QStringLiteral("before")).toUtf8();
    if (!after.isEmpty() && ids.contains(after))
        from = ids.indexOf(after) + 1;
    if (!before.isEmpty() && ids.contains(before))
        to = ids.indexOf(before);
    to = qMax(from, to);
    const qsizetype end = qMin(to, from + limit);
    QByteArray body = "{\"object\":\"list\",\"data\":[";
    for (qsizetype i = from; i < end; ++i) {
        if (i > from)
            body += ',';
        body += items[i].json;
    }
    body += "],\"first_id\":" + (end > from ? api::jsonString(ids[from]) : QByteArray("null"));
    body += ",\"last_id\":" + (end > from ? api::jsonString(ids[end - 1]) : QByteArray("null"));
    body += QByteArray(",\"has_more\":") + (end < to ? "true" : "false") + '}';
    ctx.replyBody = body;
    return pipeline::Verdict::Reply;
}

QList<ResponsesStage::ListedItem> ResponsesStage::listedItems(const QByteArray& responseId,
                                                              const QByteArray& inputItems)
{
    QList<ListedItem> out;
    dom::element root;
    dom::array items;
    if (threadParser().parse(inputItems.constData(), size_t(inputItems.size())).get(root) ||
        root.get_array().get(items))
        return out;
    const QByteArray stem = responseId.startsWith("resp_") ? responseId.mid(5) : responseId;
    int index = 0;
    for (dom::element item : items) {
        ListedItem listed;
        listed.json = QByteArray::fromStdString(simdjson::minify(item));
        std::string_view id;
        if (!item["id"].get_string().get(id)) {
            listed.id = QByteArray(id.data(), qsizetype(id.size()));
        } else if (listed.json.startsWith('{')) {
            std::string_view type;
            const bool message = item["type"].get_string().get(type) || type == "message";
            listed.id = (message ? "msg_" : "item_") + stem + "_in" + QByteArray::number(index);
            listed.json.insert(1, "\"id\":" + api::jsonString(listed.id) +
                                      (listed.json.size() > 2 ? "," : ""));
        }
        out << listed;
        ++index;
    }
    return out;
}

QByteArray ResponsesStage::outputItems(const QByteArray& response)
{
    dom::element root;
    dom::array output;
    if (threadParser().parse(response.constData(), size_t(response.size())).get(root) ||
        root["output"].get_array().get(output))
        return "[]";
    return QByteArray::fromStdString(simdjson::minify(output));
}

} // namespace gateway::stages
