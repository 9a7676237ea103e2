// The loopback Slack Web API lives in lib/dev (the demo uses it too).
export * from '../../lib/dev/slack-server.ts';
