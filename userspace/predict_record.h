/* SPDX-License-Identifier: GPL-2.0 */
/* A prediction as a modverify record, for the reader to parse and render. */
#ifndef MODVERIFY_PREDICT_RECORD_H
#define MODVERIFY_PREDICT_RECORD_H

#include "predict.h"
#include "strbuf.h"

void mv_prediction_record(const struct mv_prediction *p, struct strbuf *sb);

#endif /* MODVERIFY_PREDICT_RECORD_H */
