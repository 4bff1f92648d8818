import { describeHealthRoute } from '@cafe/testkit/health-suite';

// GET /healthz of the built realtime (the contract shared by api, realtime and projector).
describeHealthRoute('realtime', 'agentcafe-realtime');
