#pragma once

#include "providers/openai/OpenAiAddressing.h"

#include <QByteArray>

#include <map>

namespace gateway::providers::azure {

// Azure OpenAI's content-filter results, read off an answer for the request's log row
// ("Content filtering" in the Azure OpenAI docs, "Annotations"): prompt_filter_results (the
// first stream chunk, or the whole answer) and each choice's content_filter_results and
// finish_reason. In a stream, a choice keeps the last non-empty results it got, and the results
// of the chunk that finished it with content_filter stay (later ones do not replace them).
//
// The detail is {"prompt_filter_results": [...], "choices": [{"index": 0, "finish_reason":
// "content_filter", "content_filter_results": {...}}]}, with the parts that came.
class AzureContentFilter final : public AnswerObserver
{
public:
    // Choices past this index are not kept (a bound on what an answer can make the gateway hold).
    static constexpr int maxChoices = 16;

    void observeChunk(QByteArrayView payload) override;
    void observeAnswer(QByteArrayView body) override;
    QByteArray takeDetail() override;

private:
    void observe(QByteArrayView json);

    struct Choice
    {
        QByteArray results;      // content_filter_results, as JSON
        QByteArray finishReason; // as a JSON string
        bool filtered = false;   // finished with content_filter: its results are final
    };
    QByteArray m_promptResults; // prompt_filter_results, as JSON
    std::map<int, Choice> m_choices;
    bool m_changed = false;
};

} // namespace gateway::providers::azure
