// Page is an interface with signals: this file gives moc a source to pair the header with.
#include "Page.h"
