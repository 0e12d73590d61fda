#pragma once

#include "config/Config.h"

#include <QObject>
#include <QStringList>

class QNetworkAccessManager;

namespace ui {

// Asks a backend for its models (GET {baseUrl}/models with its API key): the "Test
// connection" of the Backends page and its periodic health check. The built-in mock answers
// from its config without network.
class BackendProbe : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        bool reachable = false; // an HTTP answer came back
        bool ok = false;        // ... and it was a 2xx with a model list
        int status = 0;
        QString error; // why not ok, for people
        QStringList models;
        qint64 latencyMs = 0;
    };

    explicit BackendProbe(QNetworkAccessManager* network, QObject* parent = nullptr);

    // Starts a probe; finished() follows once, on this object's thread.
    void probe(const gateway::config::Backend& backend, int timeoutMs = 10'000);

signals:
    void finished(const QString& backendName, const ui::BackendProbe::Outcome& outcome);

private:
    QNetworkAccessManager* m_network;
};

} // namespace ui
