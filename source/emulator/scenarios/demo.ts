/**
 * The demo scenario: Acme Corp and its research arm Acme Labs. Docs and tests rely on the facts
 * listed in docs/emulator.md ("The demo scenario"); change them only together.
 */
import {ALL_SCOPES, DEMO_ADMIN, DEMO_READER, READ_SCOPES, type Scenario, type ScenarioUser} from '../scenario.js';

const PEOPLE: Array<[nickname: string, displayName: string]> = [
	['wskinner', 'Walter Skinner'],
	['hokoye', 'Hannah Okoye'],
	['dscully', 'Dana Scully'],
	['lilei', '李雷'],
	['jalvarez', 'José Álvarez'],
	['fmulder', 'Fox Mulder'],
	['hanmeimei', '韩梅梅'],
	['mkowalska', 'Małgorzata Kowalska'],
	['bmuller', 'Björn Müller'],
	['asato', '佐藤 愛'],
	['nkarimi', 'Nadia Karimi'],
	['okeefe', "Orla O'Keefe"],
	['praman', 'Priya Raman'],
	['tnakamura', 'Takeshi Nakamura'],
	['jsmith', 'John Smith'],
	['jsmith-ops', 'John Smith'],
	['ebrown', 'Emma Brown'],
	['lgarcia', 'Lucía García'],
	['mpetrov', 'Mikhail Petrov'],
	['fdubois', 'François Dubois'],
	['sokafor', 'Samuel Okafor'],
	['aharris', 'Aisha Harris'],
	['kjohansson', 'Karin Johansson'],
	['dkim', 'Daniel Kim'],
	['rsilva', 'Rafael Silva'],
	['ylevi', 'Yael Levi'],
	['tmoreau', 'Théo Moreau'],
	['cwilliams', 'Chloe Williams'],
	['hpatel', 'Harish Patel'],
	['gbianchi', 'Giulia Bianchi'],
	['iivanova', 'Ирина Иванова'],
	['mlopez', 'Mateo López'],
	['eschmidt', 'Elena Schmidt'],
	['jdoyle', 'Jack Doyle'],
	['ahassan', 'Ali Hassan'],
	['sjoshi', 'Sneha Joshi'],
	['tcarter', 'Tom Carter'],
	['lwong', 'Lily Wong'],
	['ppaquet', 'Pierre Paquet'],
	['klang', 'Kevin Lang'],
	['avazquez', 'Ana Vázquez'],
	['ngreen', 'Nora Green'],
	// Acme Labs only
	['mfrost', 'Maya Frost'],
	['eozturk', 'Emre Öztürk'],
	['rkapoor', 'Ravi Kapoor'],
	['lmartin', 'Léa Martin'],
];

/** The demo logins (docs and tests rely on them). */
const ADMIN: ScenarioUser = {nickname: 'amorgan', displayName: 'Alex Morgan', email: DEMO_ADMIN.email, tokens: [{token: DEMO_ADMIN.token, scopes: [...ALL_SCOPES]}]};
const READER: ScenarioUser = {nickname: 'rchen', displayName: 'Riley Chen', email: DEMO_READER.email, tokens: [{token: DEMO_READER.token, scopes: [...READ_SCOPES]}]};

const ACME_ONLY = new Set(['mfrost', 'eozturk', 'rkapoor', 'lmartin']);

type Repo = [slug: string, project: string, language: string, description: string];

const ACME_REPOS: Repo[] = [
	['api-gateway', 'PLAT', 'go', 'Edge API gateway: routing, auth offload, rate limiting'],
	['billing-service', 'PLAT', 'java', 'Invoices, subscriptions and payment provider integration'],
	['auth-service', 'PLAT', 'go', 'OAuth2/OIDC identity service'],
	['notification-service', 'PLAT', 'typescript', 'E-mail, push and SMS fan-out'],
	['user-service', 'PLAT', 'kotlin', 'Accounts, profiles and preferences'],
	['search-service', 'PLAT', 'java', 'Product search on OpenSearch'],
	['config-server', 'PLAT', 'java', 'Central configuration for services'],
	['platform-infra', 'PLAT', 'hcl', 'Kubernetes clusters and shared infrastructure'],
	['terraform-modules', 'PLAT', 'hcl', 'Reusable Terraform modules'],
	['service-template', 'PLAT', 'go', 'Template for new services'],
	['legacy-monolith', 'PLAT', 'php', 'The original shop; being strangled'],
	['security-scanner', 'PLAT', 'python', 'Dependency and secret scanning jobs'],
	['ios-app', 'MOB', 'swift', 'Acme for iOS'],
	['android-app', 'MOB', 'kotlin', 'Acme for Android'],
	['mobile-design-system', 'MOB', 'typescript', 'Shared mobile UI components'],
	['react-native-bridge', 'MOB', 'typescript', 'Native modules shared by both apps'],
	['mobile-ci', 'MOB', 'shell', 'Build and release pipelines for the apps'],
	['data-pipeline', 'DATA', 'python', 'Ingestion from services into the lake'],
	['warehouse-models', 'DATA', 'sql', 'dbt models for the warehouse'],
	['ml-features', 'DATA', 'python', 'Feature store definitions'],
	['etl-jobs', 'DATA', 'scala', 'Nightly Spark jobs'],
	['analytics-dashboards', 'DATA', 'sql', 'Dashboards as code'],
	['data-contracts', 'DATA', 'yaml', 'Schemas agreed between producers and consumers'],
	['marketing-site', 'WEB', 'typescript', 'acme.test public website'],
	['docs-site', 'WEB', 'markdown', 'Public product documentation'],
	['web-app', 'WEB', 'typescript', 'The customer web app'],
	['web-components', 'WEB', 'typescript', 'Design system for the web'],
	['cms-content', 'WEB', 'markdown', 'Editorial content'],
	['seo-tools', 'WEB', 'python', 'Sitemaps and SEO checks'],
	['status-page', 'WEB', 'typescript', 'status.acme.test'],
];

const PUBLIC = new Set(['marketing-site', 'docs-site']);

const ACME_REPO_GRANTS: Record<string, {users?: Record<string, 'read' | 'write' | 'admin'>; groups?: Record<string, 'read' | 'write' | 'admin'>}> = {
	'api-gateway': {users: {lilei: 'admin'}},
	'billing-service': {users: {fmulder: 'read'}, groups: {qa: 'write'}},
	'auth-service': {groups: {security: 'write'}},
	'security-scanner': {groups: {security: 'admin'}},
	'legacy-monolith': {users: {mpetrov: 'admin'}},
	'terraform-modules': {users: {klang: 'read'}},
	'ios-app': {users: {okeefe: 'write'}},
	'data-pipeline': {groups: {contractors: 'read'}},
	'warehouse-models': {users: {nkarimi: 'write'}},
	'analytics-dashboards': {groups: {qa: 'read'}},
	'marketing-site': {users: {ppaquet: 'write'}},
};

export function demoScenario(): Scenario {
	const users: ScenarioUser[] = [ADMIN, READER, ...PEOPLE.map(([nickname, displayName]) => ({nickname, displayName, email: `${nickname}@acme.test`}))].map(user => structuredClone(user));
	const acmeMembers = PEOPLE.map(([nick]) => nick).filter(nick => !ACME_ONLY.has(nick) && nick !== 'wskinner' && nick !== 'hokoye');
	return {
		name: 'demo',
		description: 'Acme Corp (locally administered) and Acme Labs (administered from admin.atlassian.com).',
		users,
		workspaces: [
			{
				slug: 'acme',
				name: 'Acme Corp',
				owners: ['amorgan', 'wskinner', 'hokoye'],
				members: ['rchen', ...acmeMembers],
				groups: [
					{
						slug: 'developers',
						name: 'Developers',
						members: ['dscully', 'lilei', 'hanmeimei', 'mkowalska', 'bmuller', 'asato', 'nkarimi', 'praman', 'tnakamura', 'jsmith', 'ebrown', 'lgarcia', 'mpetrov', 'fdubois', 'dkim', 'rsilva', 'ylevi', 'gbianchi', 'mlopez', 'tmoreau'],
					},
					{slug: 'qa', name: 'QA', members: ['rchen', 'okeefe', 'sokafor', 'kjohansson', 'cwilliams', 'hpatel']},
					{slug: 'contractors', name: 'Contractors', members: ['fmulder', 'ppaquet', 'klang']},
					{slug: 'release-managers', name: 'Release Managers', members: ['lilei', 'ngreen', 'jsmith-ops']},
					{slug: 'security', name: 'Security', members: ['avazquez', 'aharris', 'iivanova']},
					{slug: 'interns', name: 'Interns', members: []},
				],
				projects: [
					{key: 'PLAT', name: 'Platform', description: 'Core services and infrastructure', groups: {developers: 'write', 'release-managers': 'create-repo', security: 'read'}, users: {ahassan: 'write'}},
					{key: 'MOB', name: 'Mobile', description: 'iOS and Android apps', users: {jalvarez: 'admin', eschmidt: 'write', jdoyle: 'write'}, groups: {qa: 'read'}},
					{key: 'DATA', name: 'Data', description: 'Pipelines, warehouse and ML', users: {ylevi: 'admin', sjoshi: 'write'}, groups: {security: 'read'}},
					{key: 'WEB', name: 'Website', description: 'Public web presence and the web app', users: {cwilliams: 'write'}, groups: {developers: 'read'}},
					{key: 'SBX', name: 'Sandbox', description: 'Experiments; no repositories yet', users: {tcarter: 'write', lwong: 'write'}},
				],
				repositories: ACME_REPOS.map(([slug, project, language, description]) => ({
					slug,
					project,
					language,
					description,
					isPrivate: !PUBLIC.has(slug),
					...ACME_REPO_GRANTS[slug],
				})),
			},
			{
				slug: 'acme-labs',
				name: 'Acme Labs',
				centrallyAdministered: true,
				owners: ['mfrost', 'hokoye'],
				members: ['amorgan', 'rchen', 'dscully', 'lilei', 'asato', 'eozturk', 'rkapoor', 'lmartin', 'ylevi', 'sjoshi'],
				groups: [
					{slug: 'research', name: 'Research', members: ['asato', 'eozturk', 'rkapoor', 'lmartin']},
					{slug: 'prototypers', name: 'Prototypers', members: ['dscully', 'lilei']},
				],
				projects: [
					{key: 'RND', name: 'Research', description: 'Long-running research', groups: {research: 'write'}, users: {ylevi: 'read'}},
					{key: 'PROTO', name: 'Prototypes', description: 'Throw-away prototypes', groups: {prototypers: 'admin'}},
					{key: 'EXP', name: 'Experiments', description: 'Product experiments', users: {amorgan: 'read', sjoshi: 'write'}},
				],
				repositories: [
					{slug: 'llm-eval', project: 'RND', language: 'python', description: 'Evaluation harness for language models'},
					{slug: 'vision-lab', project: 'RND', language: 'python', description: 'Image models', users: {rchen: 'write'}},
					{slug: 'quantum-sim', project: 'RND', language: 'rust', description: 'Simulator experiments'},
					{slug: 'proto-checkout', project: 'PROTO', language: 'typescript', description: 'One-click checkout prototype'},
					{slug: 'proto-voice', project: 'PROTO', language: 'kotlin', description: 'Voice ordering prototype'},
					{slug: 'edge-agent', project: 'PROTO', language: 'go', description: 'On-device agent', users: {eozturk: 'write'}},
					{slug: 'exp-feature-flags', project: 'EXP', language: 'typescript', description: 'Flag-driven experiments'},
					{slug: 'exp-notebooks', project: 'EXP', language: 'python', description: 'Analysis notebooks'},
				],
			},
		],
	};
}
