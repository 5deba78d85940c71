// The OpenAPI 3.1 document of the JSON API, generated from the routes' zod schemas (served at /api/openapi.json),
// and a reference page for integrators (/api/docs).
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Anli 案例征集平台 API',
        version: '1',
        description:
          '案例征集平台的 JSON 接口。登录后会话保存在 httpOnly Cookie（anli_sid）中；修改数据的请求须来自平台自身的页面。' +
          '错误统一为 {"code", "message", "fields"?}，message 为可直接展示给用户的中文说明。文件上传使用 tus 1.0 协议（/api/uploads/）。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'anli_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { config: { audience: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
