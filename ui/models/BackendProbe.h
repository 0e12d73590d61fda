#pragma once

#include "config/Config.h"

#include <QObject>
#include <QStringList>

class QNetworkAccessManager;

namespace ui {

// Asks a backend for its models, in the backend's own API (providers::ModelCatalog: the request
// and the reading of the answer), and sends it with the console's QNetworkAccessManager: the
// "Test connection" of the Backends page and its periodic health check. The built-in mock
// answers from its config without network; a Bedrock backend is not asked at all, because its
// runtime endpoint has no request that lists models.
class BackendProbe : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        bool reachable = false; // an HTTP answer came back
        bool ok = false;        // ... and it was a 2xx with a model list
        // False when the provider has no request that lists models (Bedrock): nothing was
        // sent, and error says so.
        bool listable = true;
        bool partial = false; // the server has more models than it listed
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
    void finishLater(const QString& name, const Outcome& outcome);

    QNetworkAccessManager* m_network;
};

} // namespace ui
