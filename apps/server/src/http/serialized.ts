// Answers that are large and the same for many requests (a call's definition: its forms, attachments, rules and
// scenario suggestions) serialised once instead of on every request. The body is validated and stripped by the route's
// response schema exactly as the serializer compiler would (zod.ts), then kept as JSON text per owner object and key;
// a reply with JSON text and a JSON content type is sent as it is.
import type { FastifyReply } from 'fastify';
import { safeParse } from 'zod/v4/core';
import type { z } from 'zod';

export interface SerializedCache<O extends object> {
  /**
   * The JSON text of `build()` for `owner` and `key`, from the cache when the same owner (by identity: a call
   * definition reloaded is a new object) was answered under the same key before, sent as the reply.
   */
  send(reply: FastifyReply, owner: O, key: string, build: () => unknown): FastifyReply;
}

/** A cache of the JSON text of answers of `schema`: at most `perOwner` keys per owner (the oldest goes first). */
export function serializedCache<O extends object>(schema: z.ZodType, perOwner = 64): SerializedCache<O> {
  const kept = new WeakMap<O, Map<string, string>>();
  return {
    send(reply, owner, key, build) {
      let texts = kept.get(owner);
      if (!texts) kept.set(owner, (texts = new Map()));
      let text = texts.get(key);
      if (text === undefined) {
        const result = safeParse(schema, build());
        if (result.error) throw Object.assign(new Error(`response of ${reply.request.method} ${reply.request.url} does not match its schema`), { statusCode: 500 });
        text = JSON.stringify(result.data);
        if (texts.size >= perOwner) texts.delete(texts.keys().next().value!);
        texts.set(key, text);
      }
      return reply.type('application/json; charset=utf-8').send(text);
    },
  };
}
