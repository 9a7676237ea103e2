import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_PATHS } from '../../../lib/slack-actions/door.ts';

interface Manifest {
  features: { slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

describe('the Slack app manifest in docs/', () => {
  const manifest = parse(readFileSync('docs/slack-app-manifest.yaml', 'utf8')) as Manifest;

  it('points the slash command and interactivity at the paths the door serves', () => {
    // Assess
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/inquiry', url: `https://YOUR-API${SLACK_PATHS.commands}` })]);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: `https://YOUR-API${SLACK_PATHS.interactions}` });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for exactly the scopes the code uses', () => {
    // Assess
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['channels:history', 'channels:read', 'chat:write', 'commands', 'groups:history', 'groups:read']);
  });
});
