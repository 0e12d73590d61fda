// Screenshots of the backend dialog, one for each backend type: dialog_shots OUT_PREFIX.
// Used by screenshots.sh under Xvfb, with the theme and language of the console's settings
// (XDG_CONFIG_HOME). Each type is shown filled in from a preset, and once more after OK on an
// empty form, so that its error messages show. Writes OUT_PREFIX-<type>[-errors].png and prints
// each dialog's size; exits 1 when one is larger than the screen. SCREENSHOT_QM_DIR may name a
// folder of switchboard_<lang>.qm files to use instead of the built-in ones: translations that
// are not merged into translations/*.ts yet.
#include "Appearance.h"
#include "config/Config.h"
#include "dialogs/BackendDialog.h"
#include "models/BackendProbe.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScreen>
#include <QTranslator>

#include <cstdio>

using gateway::config::BackendType;

namespace {

struct Shot
{
    BackendType type;
    const char* preset; // "" for the mock
};

const Shot shots[] = {
    {BackendType::OpenAiCompatible, "OpenAI"},
    {BackendType::Anthropic, "Anthropic"},
    {BackendType::Gemini, "Google Gemini"},
    {BackendType::AzureOpenAi, "Azure OpenAI"},
    {BackendType::Bedrock, "Amazon Bedrock"},
    {BackendType::Ollama, "Ollama"},
    {BackendType::Mock, ""},
};

bool save(QDialog& dialog, const QString& path)
{
    dialog.show();
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    const QSize size = dialog.frameGeometry().size();
    const QSize screen = dialog.screen()->availableGeometry().size();
    const bool fits = size.width() <= screen.width() && size.height() <= screen.height();
    printf("%s %dx%d%s\n", qPrintable(path), size.width(), size.height(),
           fits ? "" : "  LARGER THAN THE SCREEN");
    dialog.grab().save(path, "PNG");
    return fits;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: dialog_shots OUT_PREFIX\n");
        return 2;
    }
    const QString prefix = QString::fromLocal8Bit(argv[1]);
    ui::Appearance appearance; // theme and language from the settings, as the console has them
    QTranslator pending;
    if (const QString dir = qEnvironmentVariable("SCREENSHOT_QM_DIR"); !dir.isEmpty()) {
        if (pending.load(QStringLiteral("switchboard_") + appearance.language(), dir))
            QApplication::installTranslator(&pending); // the last installed is asked first
    }
    QNetworkAccessManager network;
    ui::BackendProbe probe(&network);
    bool allFit = true;
    for (const Shot& s : shots) {
        const QString name = gateway::config::backendTypeName(s.type);
        {
            ui::BackendDialog dialog(QJsonObject(), {}, &probe);
            auto* preset = dialog.findChild<QComboBox*>(QStringLiteral("preset"));
            const int index = preset->findText(QLatin1String(s.preset));
            if (index > 0) {
                preset->setCurrentIndex(index);
                emit preset->activated(index);
            } else {
                auto* type = dialog.findChild<QComboBox*>(QStringLiteral("type"));
                type->setCurrentIndex(type->findData(name));
                dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(name);
            }
            if (s.type == BackendType::AzureOpenAi)
                dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))
                    ->setText(QStringLiteral("https://contoso-eastus2.openai.azure.com"));
            allFit &= save(dialog, prefix + QLatin1Char('-') + name + QStringLiteral(".png"));
        }
        {
            ui::BackendDialog dialog(QJsonObject(), {QStringLiteral("taken")}, &probe);
            auto* type = dialog.findChild<QComboBox*>(QStringLiteral("type"));
            type->setCurrentIndex(type->findData(name));
            auto* source = dialog.findChild<QComboBox*>(QStringLiteral("apiKeySource"));
            source->setCurrentIndex(
                source->findData(int(ui::BackendDialog::KeySource::Environment)));
            dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("taken"));
            dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            allFit &=
                save(dialog, prefix + QLatin1Char('-') + name + QStringLiteral("-errors.png"));
        }
    }
    return allFit ? 0 : 1;
}
