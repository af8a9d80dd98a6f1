/** Name material for generated scenarios: varied, with non-ASCII names, so UIs meet real-world text. */

export const FIRST_NAMES = [
	'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
	'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa',
	'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Michelle', 'Joshua', 'Amanda', 'Kevin', 'Melissa',
	'Brian', 'Stephanie', 'George', 'Rebecca', 'Timothy', 'Laura', 'Ryan', 'Helen', 'Jacob', 'Amy', 'Nicholas', 'Anna',
	'Priya', 'Arjun', 'Ananya', 'Rahul', 'Wei', 'Li', 'Mei', 'Jun', 'Hiroshi', 'Yuki', 'Sakura', 'Kenji', 'Min-jun', 'Seo-yeon',
	'José', 'María', 'Lucía', 'Mateo', 'Sofía', 'Andrés', 'Camila', 'Joaquín', 'Zoë', 'Chloé', 'Léa', 'Théo', 'Noémie',
	'Björn', 'Søren', 'Åsa', 'Jörg', 'Jürgen', 'Małgorzata', 'Łukasz', 'Żaneta', 'Ömer', 'Ayşe', 'Çağla', 'Dmitri', 'Olga',
	'Fatima', 'Omar', 'Layla', 'Yusuf', 'Amara', 'Chinedu', 'Ngozi', 'Kwame', 'Thandiwe', 'Sipho', 'Aroha', 'Tane',
];

export const LAST_NAMES = [
	'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
	'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
	'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
	'Patel', 'Sharma', 'Iyer', 'Reddy', 'Wang', 'Zhang', 'Chen', 'Liu', 'Tanaka', 'Suzuki', 'Watanabe', 'Kim', 'Park', 'Choi',
	'Núñez', 'Peña', 'Gómez', 'Fernández', 'Müller', 'Schröder', 'Weiß', 'Dubois', 'Lefèvre', 'Girard', 'Kowalski', 'Wiśniewski',
	'Nowak', 'Øster', 'Ångström', 'Lindqvist', 'Yılmaz', 'Öztürk', 'Şahin', 'Ivanov', 'Petrova', 'Okafor', 'Mensah', 'Nkosi',
	"O'Brien", "O'Connor", 'MacLeod', 'Haddad', 'Nasser', 'Rahman', 'Nguyen', 'Tran', 'Pham', 'Kapoor', 'Singh', 'Costa',
];

/** Display names written in their own script, mixed in now and then. */
export const NATIVE_NAMES = ['李雷', '韩梅梅', '王芳', '张伟', '佐藤 健', '鈴木 花子', '김민준', '이서연', 'Александр Смирнов', 'Мария Кузнецова', 'محمد علي', 'יעל כהן', 'Νίκος Παπαδόπουλος'];

export const TEAM_WORDS = [
	'platform', 'payments', 'billing', 'identity', 'search', 'growth', 'checkout', 'catalog', 'mobile', 'web', 'data', 'ml',
	'infra', 'sre', 'security', 'compliance', 'support', 'analytics', 'messaging', 'media', 'maps', 'logistics', 'pricing',
	'ads', 'partners', 'devex', 'observability', 'storage', 'network', 'edge', 'iot', 'firmware', 'design', 'content', 'docs',
];

export const GROUP_SUFFIXES = ['developers', 'admins', 'reviewers', 'oncall', 'leads', 'readers', 'contractors', 'release', 'qa', 'guild'];

export const REPO_NOUNS = [
	'service', 'api', 'worker', 'gateway', 'ui', 'sdk', 'cli', 'lib', 'infra', 'jobs', 'models', 'pipeline', 'proxy', 'bot',
	'dashboard', 'schemas', 'config', 'tests', 'docs', 'terraform', 'helm', 'scripts', 'client', 'server', 'adapter', 'sync',
];

export const LANGUAGES = ['go', 'java', 'kotlin', 'typescript', 'javascript', 'python', 'rust', 'scala', 'swift', 'ruby', 'php', 'c#', 'hcl', 'shell', 'sql'];
