#pragma once

#include "store/LogRecord.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace ui {

// How the console words upstream attempts and their error classes (the classes are the
// gateway's, see stages/InvokeStage.cpp; the words are for people).
class AttemptText
{
    Q_DECLARE_TR_FUNCTIONS(ui::AttemptText)
public:
    // A readable cause: upstream_connect → "connection refused or failed", upstream_5xx with
    // status 503 → "HTTP 503". An unknown class is shown as it is, with its status if any.
    static QString error(const QString& errorClass, int status);
    // One line per attempt, in order, each after the first starting with an arrow:
    //   local-vllm/llama3 ✗ connection refused or failed (1 ms)
    //   → mock/mock-fast ✓ (42 ms)
    static QString chain(const std::vector<gateway::store::Attempt>& attempts);
    // One line on who answered, and why the targets before did not:
    //   Answered by mock/mock-fast after local-vllm/llama3: connection refused or failed
    // "No target answered: …" when the last attempt failed too; empty without attempts.
    static QString outcome(const std::vector<gateway::store::Attempt>& attempts);
    // A request that a fallback target served: an attempt failed before the one that answered.
    static bool servedByFallback(const std::vector<gateway::store::Attempt>& attempts);
    // "backend/model" of an attempt.
    static QString target(const gateway::store::Attempt& attempt);
};

} // namespace ui
