#include "providers/azure/AzureContentFilter.h"

#include <simdjson.h>

#include <cstring>

namespace gateway::providers::azure {

namespace {

namespace dom = simdjson::dom;

dom::parser& parser()
{
    thread_local dom::parser p;
    return p;
}

template <typename Value> QByteArray json(Value e)
{
    const std::string text = simdjson::minify(e);
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace

void AzureContentFilter::observeChunk(QByteArrayView payload)
{
    // Most chunks carry no filter facts (or an empty content_filter_results): only those that
    // name one are parsed. "_filter" is in prompt_filter_results, content_filter_results and
    // the content_filter finish reason.
    static constexpr char key[] = "_filter";
    if (memmem(payload.data(), size_t(payload.size()), key, sizeof key - 1))
        observe(payload);
}

void AzureContentFilter::observeAnswer(QByteArrayView body)
{
    observe(body);
}

void AzureContentFilter::observe(QByteArrayView text)
{
    dom::element root;
    if (parser().parse(text.data(), size_t(text.size())).get(root) || !root.is_object())
        return; // not ours to judge: the answer's own decoder reports bad JSON
    dom::array prompt;
    if (!root["prompt_filter_results"].get_array().get(prompt) && prompt.size() > 0) {
        m_promptResults = json(prompt);
        m_changed = true;
    }
    dom::array choices;
    if (root["choices"].get_array().get(choices))
        return;
    int position = 0;
    for (dom::element choice : choices) {
        int64_t index = position++;
        if (choice["index"].get_int64().get(index))
            index = position - 1;
        if (index < 0 || index >= maxChoices)
            continue;
        Choice& kept = m_choices[int(index)];
        dom::object results;
        if (!kept.filtered && !choice["content_filter_results"].get_object().get(results) &&
            results.size() > 0) {
            kept.results = json(results);
            m_changed = true;
        }
        dom::element finish;
        std::string_view reason;
        if (!choice["finish_reason"].get(finish) && !finish.get_string().get(reason)) {
            kept.finishReason = json(finish);
            kept.filtered = reason == "content_filter";
            m_changed = true;
        }
    }
}

QByteArray AzureContentFilter::takeDetail()
{
    if (!m_changed)
        return {};
    m_changed = false;
    QByteArray out = "{";
    if (!m_promptResults.isEmpty())
        out += "\"prompt_filter_results\":" + m_promptResults;
    QByteArray choices;
    for (const auto& [index, c] : m_choices) {
        if (c.results.isEmpty() && c.finishReason.isEmpty())
            continue;
        choices += choices.isEmpty() ? "{" : ",{";
        choices += "\"index\":" + QByteArray::number(index);
        if (!c.finishReason.isEmpty())
            choices += ",\"finish_reason\":" + c.finishReason;
        if (!c.results.isEmpty())
            choices += ",\"content_filter_results\":" + c.results;
        choices += '}';
    }
    if (!choices.isEmpty())
        out += QByteArray(out.size() > 1 ? "," : "") + "\"choices\":[" + choices + ']';
    out += '}';
    return out;
}

} // namespace gateway::providers::azure
