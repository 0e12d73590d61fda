#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace ui {

// Words the config loader's errors for people. The loader names each problem by its key's path
// ("models[4].targets[0].backend: no backend is named \"local\""), which suits a config file;
// the console's forms say which backend or alias it is about, by name, instead:
//   Alias "mock-smart", target 1 (local/llama3): no backend is named "local".
// Errors about other parts of the config (server, logging ...) are left as they are.
class ConfigErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ui::ConfigErrorText)
public:
    // loaderError: one error a line, as ConfigLoader::parse returns them; document: the
    // document that was checked (the names are read from it).
    static QString describe(const QString& loaderError, const QJsonObject& document);

private:
    static QString describeLine(const QString& line, const QJsonObject& document);
};

} // namespace ui
