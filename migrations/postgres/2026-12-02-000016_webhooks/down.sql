DROP TABLE webhook_dispatch;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
